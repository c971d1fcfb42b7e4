"""Move values between Python, numpy and Arrow without making pyarrow import pandas.

When pandas is installed, pyarrow imports it the first time it converts Python or numpy
values: ``pa.array``, ``pa.scalar``, ``to_numpy``, ``np.asarray`` of an Array, and any compute
function given a Python value (which it turns into a scalar). Importing pandas costs 0.3 s,
more than validating a million rows, so validation never does any of those. It reads and
builds Arrow columns only through these functions (buffers, which pyarrow hands over as
they are), compute kernels whose arguments are all Arrow values (a pattern or a format is
an option, not a value), ``to_pylist`` and ``as_py``. ``tests/test_cli.py`` checks
that validating the shipped package leaves pandas unimported.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

Column = pa.Array | pa.ChunkedArray

_FIXED = {pa.int32(): np.int32, pa.int64(): np.int64, pa.float64(): np.float64}


def _single(column: Column) -> pa.Array:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _bits(buffer: pa.Buffer | None, offset: int, length: int) -> np.ndarray:
    """A bitmap (validity or booleans) as one numpy bool per value; no bitmap: all set."""
    if buffer is None:
        return np.ones(length, dtype=bool)
    bits = np.unpackbits(np.frombuffer(buffer, dtype=np.uint8), bitorder="little")
    return bits[offset : offset + length].astype(bool)


def valid(column: Column) -> np.ndarray:
    """Where the column has a value (True) or is missing (False)."""
    array = _single(column)
    return _bits(array.buffers()[0], array.offset, len(array))


def valid_in_any(columns: Sequence[Column]) -> np.ndarray:
    """Where at least one of the columns (of equal length) has a value: the rows that are not
    wholly blank, the keys that are not wholly missing."""
    present = valid(columns[0])
    for column in columns[1:]:
        present = present | valid(column)
    return present


def truth(column: Column) -> np.ndarray:
    """A boolean column as numpy, a missing value as False."""
    array = _single(column)
    if array.type != pa.bool_():
        raise TypeError(f"expected a boolean column, not {array.type}")
    return _bits(array.buffers()[1], array.offset, len(array)) & valid(array)


def fixed(column: Column) -> tuple[np.ndarray, np.ndarray]:
    """(values, valid) of an int32, int64 or float64 column, read from its buffers; a value
    where ``valid`` is False is meaningless."""
    array = _single(column)
    dtype = _FIXED.get(array.type)
    if dtype is None:  # reading the bytes as another type would be garbage
        raise TypeError(f"expected a column of int32, int64 or float64, not {array.type}")
    validity, data = array.buffers()[:2]
    if data is None or len(array) == 0:
        values = np.zeros(len(array), dtype=dtype)
    else:
        start = array.offset * np.dtype(dtype).itemsize
        values = np.frombuffer(data, dtype=dtype, count=len(array), offset=start)
    return values, _bits(validity, array.offset, len(array))


def encode(column: Column) -> tuple[np.ndarray, pa.Array]:
    """(codes, distinct): row i holds ``distinct[codes[i]]``. A missing value is a distinct
    value of its own (null), as frictionless compares keys; one hash pass over the column."""
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    encoded = pc.dictionary_encode(_single(column), null_encoding="encode")
    codes, _ = fixed(encoded.indices)
    return codes.astype(np.int64), encoded.dictionary


def mask(flags: np.ndarray) -> pa.BooleanArray:
    """A numpy bool array as an Arrow boolean array (no missing values)."""
    packed = np.packbits(np.asarray(flags, dtype=bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(flags), [None, pa.py_buffer(packed)])


def strings(values: Sequence[str]) -> pa.Array:
    """Python strings as an Arrow large_string array."""
    encoded = [value.encode("utf-8") for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return pa.Array.from_buffers(
        pa.large_string(),
        len(encoded),
        [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))],
    )


def floats(values: Sequence[float | None]) -> pa.Array:
    """Python floats (None where missing) as an Arrow float64 array."""
    present = np.array([value is not None for value in values], dtype=bool)
    data = np.array([0.0 if value is None else value for value in values], dtype=np.float64)
    validity = pa.py_buffer(np.packbits(present, bitorder="little"))
    return pa.Array.from_buffers(pa.float64(), len(values), [validity, pa.py_buffer(data)])


def string(value: str) -> pa.Scalar:
    """One Python string as an Arrow large_string scalar."""
    return strings([value])[0]


def where(keep: np.ndarray, column: Column) -> Column:
    """The column where ``keep`` holds, missing elsewhere."""
    return pc.if_else(mask(keep), column, pa.nulls(len(column), column.type))


def among(column: Column, test) -> np.ndarray:
    """Where ``test`` holds for a present value of the column, asked once per distinct value
    (a million statistics rows hold a few hundred states and indicators)."""
    distinct = pc.unique(column)
    chosen = [value is not None and bool(test(value)) for value in distinct.to_pylist()]
    if not any(chosen):
        return np.zeros(len(column), dtype=bool)
    return truth(pc.is_in(column, value_set=pc.filter(distinct, mask(np.array(chosen)))))
