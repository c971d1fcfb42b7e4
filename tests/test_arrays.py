"""sco_data._arrays: moving values between Python, numpy and Arrow without pyarrow importing
pandas. Validation reads every column through these functions, so each must give exactly
the values Arrow holds, at any offset and across chunks."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pytest

from sco_data._arrays import among, encode, fixed, floats, mask, strings, truth, valid, where

BOOLS = [True, None, False, True, None, False, False, True, True, None, True]


def _slices(whole: pa.Array):
    """Every way validation meets a column: sliced at each offset, and split into chunks."""
    for start in range(len(whole)):
        yield start, whole.slice(start)
        yield start, pa.chunked_array([whole.slice(start, 2), whole[start + 2 :]], whole.type)


@pytest.mark.parametrize("kind", [pa.int32(), pa.int64(), pa.float64()])
def test_fixed_width_columns_are_read_at_their_offset(kind) -> None:
    """Numbers are read from Arrow buffers (pyarrow's to_numpy imports pandas): a sliced or
    chunked column must give its own values and nulls, not its buffer's start."""
    whole = pa.array([1, None, 3, 4, None, 6, 7, 8, 9, None, 11], kind)
    for start in range(len(whole)):
        for column in (
            whole.slice(start),
            pa.chunked_array([whole.slice(start, 2), whole[start + 2 :]]),
        ):
            values, valid = fixed(column)
            read = [
                v if ok else None for v, ok in zip(values.tolist(), valid.tolist(), strict=True)
            ]
            assert read == whole.slice(start).to_pylist()


def test_fixed_width_columns_of_another_type_are_refused() -> None:
    """Reading an int8 column's bytes as a wider integer would give garbage, silently: refused."""
    with pytest.raises(TypeError, match="int8"):
        fixed(pa.array([1, 2], pa.int8()))


def test_valid_and_truth_read_bitmaps_at_their_offset() -> None:
    for start, column in _slices(pa.array(BOOLS, pa.bool_())):
        expected = BOOLS[start:]
        assert valid(column).tolist() == [v is not None for v in expected]
        assert truth(column).tolist() == [v is True for v in expected]


def test_truth_refuses_a_column_that_is_not_boolean() -> None:
    with pytest.raises(TypeError, match="int64"):
        truth(pa.array([1, 0], pa.int64()))


@pytest.mark.parametrize("length", [0, 1, 7, 8, 9, 17])
def test_mask_gives_arrow_the_same_booleans(length: int) -> None:
    flags = np.random.default_rng(length).random(length) < 0.5
    assert mask(flags).to_pylist() == flags.tolist()
    assert mask(flags).null_count == 0


def test_strings_and_floats_become_the_same_arrow_values() -> None:
    text = ["", "NA", "é", "a,b", "Кыргызстан", "上海", "\x00"]
    assert strings(text).to_pylist() == text
    assert strings(text).type == pa.large_string()
    assert strings([]).to_pylist() == []
    numbers = floats([1.5, None, -0.0, math.inf])
    assert numbers.to_pylist() == [1.5, None, -0.0, math.inf]
    assert math.copysign(1, numbers[2].as_py()) == -1
    assert math.isnan(floats([math.nan])[0].as_py())


def test_encode_numbers_equal_values_alike_and_a_missing_value_as_its_own() -> None:
    values = ["KAZ", None, "CHN", "KAZ", None, "NA"]
    for start, column in _slices(pa.array(values, pa.large_string())):
        codes, distinct = encode(column)
        assert [distinct[int(c)].as_py() for c in codes] == values[start:]


def test_among_asks_once_per_distinct_present_value() -> None:
    asked: list[str] = []

    def short(value: str) -> bool:
        asked.append(value)
        return len(value) < 3

    column = pa.chunked_array([["KAZ", "NA", None], ["NA", "CHN", "NA"]], pa.large_string())
    assert among(column, short).tolist() == [False, True, False, True, False, True]
    assert sorted(asked) == ["CHN", "KAZ", "NA"]


def test_where_keeps_the_chosen_rows_and_nulls_the_others() -> None:
    column = pa.chunked_array([["a", None], ["c", "d"]], pa.large_string())
    kept = where(np.array([True, True, False, True]), column)
    assert kept.to_pylist() == ["a", None, None, "d"]


def test_none_of_them_makes_pyarrow_import_pandas() -> None:
    """The point of the module: were pandas imported, validation would pay 0.3 s for it."""
    code = (
        "import sys, numpy as np, pyarrow.csv as csv, pyarrow.compute as pc\n"
        "from sco_data._arrays import among, encode, fixed, floats, mask, string, strings, truth,"
        " valid, where\n"
        "t = csv.read_csv('data/statistics.csv')\n"
        "fixed(t['value']); fixed(t['year']); encode(t['iso3']); valid(t['iso3'])\n"
        "truth(pc.is_null(t['iso3'])); m = mask(np.ones(t.num_rows, bool))\n"
        "where(np.ones(t.num_rows, bool), t['iso3']); among(t['iso3'], lambda v: v == 'CHN')\n"
        "floats([1.0, None]); strings(['a']); string('b')\n"
        "print('pandas' in sys.modules)"
    )
    from conftest import ROOT

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"
