"""Render a typed DataFrame as a terminal table, CSV or JSON, with dates as YYYY-MM-DD."""

from __future__ import annotations

import pandas as pd


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].dt.strftime("%Y-%m-%d")
    return out


def render(frame: pd.DataFrame, fmt: str) -> str:
    plain = _plain(frame)
    if fmt == "csv":
        return plain.to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        return plain.to_json(orient="records", force_ascii=False, indent=2) + "\n"
    return plain.fillna("").to_string(index=False, max_colwidth=60) + "\n"
