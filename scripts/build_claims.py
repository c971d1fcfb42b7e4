"""Generate docs/claims.md: every checkable claim of the article the package was first asked to
reproduce, each with its figure computed from the data, the query that computes it, and a verdict.

The article is Rashid Alimov (then SCO Secretary-General), "The Role of the Shanghai Cooperation
Organization in Counteracting Threats to Peace and Security", UN Chronicle, October 2017 (source
``unchronicle-2017-10``). Each claim's query is run as printed, so the page cannot show a query
other than the one that gave the figure; each verdict is computed from the figures, so a change in
the data that changes a verdict changes the page (and tests/test_claims.py fails until the change
is looked at). scripts/build_docs.py writes the page; a test fails when it is stale.

    python scripts/build_claims.py            # print the page
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

import sco_data

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "unchronicle-2017-10"

SUPPORTED = "supported"
WITH_OBSERVERS = "supported only with observers"
NOT_AS_WORDED = "not supported as worded"
NOT_CHECKABLE = "not checkable from the data"


@dataclass
class Claim:
    """One claim: its words, the tables and query that check it, and the verdict rule."""

    key: str
    title: str
    wording: str
    quoted: bool  # True: the article's words; False: a paraphrase of what it says
    tables: list[str]
    query: str  # Python run as printed; it leaves its figures in ``result``
    judge: Any  # result -> (verdict, explanation)
    result: Any = None
    verdict: str = ""
    explanation: str = ""
    extra: dict = field(default_factory=dict)


def _pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def _judge_population(r: dict) -> tuple[str, str]:
    # "almost 44 per cent": at least 43% and under 44%.
    def almost_44(x: float) -> bool:
        return 0.43 <= x < 0.44

    m, mo = r["members"], r["members_and_observers"]
    text = (
        f"In 2017 the members held {_pct(m)} of the world's population and the members with the "
        f"observers {_pct(mo)}. 'Almost 44 per cent' (read here as at least 43% and under 44%) "
    )
    if almost_44(m):
        return SUPPORTED, text + "holds for the members alone."
    if almost_44(mo):
        return WITH_OBSERVERS, text + (
            f"holds only when the observer States ({', '.join(r['observers'])}) are counted; "
            f"the member States alone hold {_pct(m)}."
        )
    return NOT_AS_WORDED, text + "holds for neither group."


def _judge_four(r: dict) -> tuple[str, str]:
    names = ", ".join(r["nuclear_members"])
    n = len(r["nuclear_members"])
    verdict = SUPPORTED if n == 4 else NOT_AS_WORDED
    return verdict, f"{n} member States were nuclear-armed at the end of 2017: {names}."


def _judge_half(r: dict) -> tuple[str, str]:
    four, world, tested = r["nuclear_members"], r["world"], r["world_tested"]
    text = (
        f"SIPRI counts {world} nuclear-armed states in 2017, so {four} is {_pct(four / world)} of "
        f"them, not half. Leaving out {', '.join(r['untested'])}, counted without an acknowledged test "
        f"(basis 'estimate'), {four} of the {tested} states with a known test is {_pct(four / tested)}."
    )
    if 2 * four == world:
        return SUPPORTED, text
    return NOT_AS_WORDED, text + " The claim holds only on that narrower count."


def _judge_astana(r: pd.DataFrame) -> tuple[str, str]:
    ok = (
        set(r["iso3"]) == {"IND", "PAK"}
        and (r["granted_at"] == "HS-2017").all()
        and (r["city"] == "Astana").all()
        and (r["summit_start"] == pd.Timestamp("2017-06-08")).all()
        and (r["summit_end"] == pd.Timestamp("2017-06-09")).all()
    )
    days = sorted({f"{d:%Y-%m-%d}" for d in r["start_date"]})
    text = (
        f"India and Pakistan became members on {', '.join(days)}, by the decision of the meeting "
        f"{', '.join(sorted(set(r['granted_at'])))} in {', '.join(sorted(set(r['city'])))}, "
        f"held {r['summit_start'].min():%Y-%m-%d} to {r['summit_end'].max():%Y-%m-%d}."
    )
    return (SUPPORTED if ok else NOT_AS_WORDED), text


def _judge_largest(r: dict) -> tuple[str, str]:
    return NOT_CHECKABLE, (
        f"The data give the SCO's own size in 2017: members {_pct(r['members']['SP.POP.TOTL'])} of "
        f"the world's population and {_pct(r['members']['AG.SRF.TOTL.K2'])} of its surface area; "
        f"with observers {_pct(r['members_and_observers']['SP.POP.TOTL'])} and "
        f"{_pct(r['members_and_observers']['AG.SRF.TOTL.K2'])}. They hold no other organisation, so "
        "they cannot say whether any other regional organisation is larger."
    )


def _judge_span(r: dict) -> tuple[str, str]:
    both = r["CHN"] and r["RUS"]
    return (SUPPORTED if both else NOT_AS_WORDED), (
        "China and Russia were both members at the end of 2017, so a span from a Chinese city to a "
        "Russian one lies on member territory. That Lianyungang is in China and Kaliningrad in "
        "Russia is outside the data."
        if both
        else "China and Russia were not both members at the end of 2017."
    )


CLAIMS = [
    Claim(
        key="population",
        title="Population share, 2017",
        wording="almost 44 per cent of the world's population",
        quoted=True,
        tables=["aggregates"],
        query="""\
a = sco_data.load("aggregates")
pop = a[(a["year"] == 2017) & (a["indicator"] == "SP.POP.TOTL")].set_index("group")
result = {g: float(pop.loc[g, "share"]) for g in ["members", "members_and_observers"]}
result["observers"] = sorted(sco_data.members_on("2017-12-31", status="observer")["iso3"])""",
        judge=_judge_population,
    ),
    Claim(
        key="four_nuclear_powers",
        title="Four nuclear powers",
        wording="four nuclear powers",
        quoted=True,
        tables=["memberships", "nuclear_armed_states"],
        query="""\
members = sco_data.members_on("2017-12-31", status="member")
n = sco_data.load("nuclear_armed_states")
armed = n[n["counted_from"] <= "2017-12-31"]
result = {"nuclear_members": sorted(set(members["iso3"]) & set(armed["iso3"]))}""",
        judge=_judge_four,
    ),
    Claim(
        key="half_of_nuclear_states",
        title="Half of the world's nuclear states",
        wording="half of the world's nuclear States",
        quoted=True,
        tables=["memberships", "nuclear_armed_states"],
        query="""\
members = sco_data.members_on("2017-12-31", status="member")
n = sco_data.load("nuclear_armed_states")
armed = n[n["counted_from"] <= "2017-12-31"]
result = {
    "nuclear_members": len(set(members["iso3"]) & set(armed["iso3"])),
    "world": len(armed),
    "world_tested": int((armed["basis"] == "first_test").sum()),
    "untested": sorted(armed.loc[armed["basis"] == "estimate", "name_en"]),
}""",
        judge=_judge_half,
    ),
    Claim(
        key="astana_admission",
        title="India and Pakistan admitted at Astana",
        wording="India and Pakistan were admitted as member States at the Astana summit of 8-9 June 2017",
        quoted=False,
        tables=["memberships", "summits"],
        query="""\
m = sco_data.load("memberships")
s = sco_data.load("summits")[["summit_id", "city", "start_date", "end_date"]]
s = s.rename(columns={"start_date": "summit_start", "end_date": "summit_end"})
joined = m[(m["status"] == "member") & m["iso3"].isin(["IND", "PAK"])]
result = joined.merge(s, left_on="granted_at", right_on="summit_id")[
    ["iso3", "start_date", "granted_at", "city", "summit_start", "summit_end"]
]""",
        judge=_judge_astana,
    ),
    Claim(
        key="largest_regional_organisation",
        title="The largest regional organisation",
        wording="the SCO is the largest regional organisation, by population and by area",
        quoted=False,
        tables=["aggregates"],
        query="""\
a = sco_data.load("aggregates")
y = a[(a["year"] == 2017) & a["indicator"].isin(["SP.POP.TOTL", "AG.SRF.TOTL.K2"])]
result = {
    g: dict(zip(rows["indicator"].astype(str), rows["share"].astype(float), strict=True))
    for g, rows in y.groupby(y["group"].astype(str))
    if g in ["members", "members_and_observers"]
}""",
        judge=_judge_largest,
    ),
    Claim(
        key="lianyungang_to_kaliningrad",
        title="From Lianyungang to Kaliningrad",
        wording="the SCO's territory stretches from Lianyungang (China) to Kaliningrad (Russia)",
        quoted=False,
        tables=["memberships"],
        query="""\
members = set(sco_data.members_on("2017-12-31", status="member")["iso3"])
result = {"CHN": "CHN" in members, "RUS": "RUS" in members}""",
        judge=_judge_span,
    ),
]


def _api(root: Path) -> types.SimpleNamespace:
    """``sco_data`` as the queries use it, reading the package at ``root``."""
    return types.SimpleNamespace(
        load=lambda name: sco_data.load(name, root),
        members_on=lambda day, status=None: sco_data.members_on(day, status, root),
    )


def evaluate(root: Path = ROOT) -> list[Claim]:
    """Run every claim's query on the package at ``root`` and judge it."""
    out = []
    for claim in CLAIMS:
        scope: dict[str, Any] = {"sco_data": _api(root), "pd": pd}
        exec(claim.query, scope)  # the printed query is the one that runs
        c = Claim(**{**claim.__dict__})
        c.result = scope["result"]
        c.verdict, c.explanation = claim.judge(c.result)
        out.append(c)
    return out


def _figure(result: Any) -> str:
    if isinstance(result, pd.DataFrame):
        frame = result.copy()
        for col in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[col]):
                frame[col] = frame[col].dt.strftime("%Y-%m-%d")
        head = "| " + " | ".join(frame.columns) + " |"
        rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
        rows = [
            "| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(index=False)
        ]
        return "\n".join([head, rule, *rows])

    def fmt(v: Any) -> Any:
        if isinstance(v, float):
            return round(v, 6)
        if isinstance(v, dict):
            return {k: fmt(x) for k, x in v.items()}
        return v

    return f"`{fmt(result)}`"


def render(root: Path = ROOT) -> str:
    claims = evaluate(root)
    sources = sco_data.load("sources", root).set_index("source_id")
    art = sources.loc[ARTICLE]
    lines = [
        "# The article's claims, checked against the data",
        "",
        "Generated from the data by `scripts/build_claims.py` (run by `scripts/build_docs.py`); do not edit "
        "by hand. Each figure below is computed by the query printed under it, run as printed on this "
        "package (with `import sco_data`); each verdict is computed from the figures.",
        "",
        f"**The article:** Rashid Alimov, *{art['title']}*, {art['publisher']}, {art['published']} "
        f"(source `{ARTICLE}`, read at {art['url']}).",
        "",
        "**What was read.** The stored copies of the article that could be read show its opening "
        "paragraphs only. The two quoted wordings below are the article's words as issue 16 of this "
        "project quotes them; the other claims are paraphrases (issue 16's) of what the article says, "
        "not its words. The verdicts check the data, not the article's exact phrasing.",
        "",
        "Verdicts: **supported** (the data give the figure as worded, for the member States); "
        "**supported only with observers** (the figure holds only if observer States are counted too); "
        "**not supported as worded** (the data give a different figure); **not checkable from the data** "
        "(the data lack what the claim compares with).",
        "",
        "| claim | verdict |",
        "| --- | --- |",
    ]
    for c in claims:
        words = f"“{c.wording}”" if c.quoted else c.wording
        lines.append(f"| [{words}](#{c.key.replace('_', '-')}) | {c.verdict} |")
    for c in claims:
        words = f"“{c.wording}” (the article's words)" if c.quoted else f"{c.wording} (paraphrase)"
        lines += [
            "",
            f'<a id="{c.key.replace("_", "-")}"></a>',
            f"## {c.title}",
            "",
            f"**Claim:** {words}.",
            "",
            f"**Tables:** {', '.join(f'`{t}`' for t in c.tables)}.",
            "",
            "```python",
            c.query,
            "```",
            "",
            f"**Figure:** {_figure(c.result)}"
            if not isinstance(c.result, pd.DataFrame)
            else "**Figure:**",
        ]
        if isinstance(c.result, pd.DataFrame):
            lines += ["", _figure(c.result)]
        lines += ["", f"**Verdict: {c.verdict}.** {c.explanation}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
