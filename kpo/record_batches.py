"""Rows of a batch table as one Arrow record batch; a page's words go in as columns.

``pa.RecordBatch.from_pylist`` builds every value from a Python object: right for the
few values of a document, a field or a table row, but a page has hundreds of words.
A pages row holds its words as ``Words`` (kpo/words.py), and the ``words`` column is
made from their columns: a string array over the joined texts and their offsets, float
arrays over the block of numbers (no copy), one list offset a page, and one cast to the
schema's types for the whole batch. No Python object is made for a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kpo.rows import Row
from kpo.words import COLUMNS, Words

WORDS_COLUMN = "words"
_NULL = pa.scalar(None, pa.float64())


def rows_to_batch(rows: Sequence[Row], schema: pa.Schema) -> pa.RecordBatch:
    """``rows`` as a batch of ``schema``; a ``words`` column from the rows' ``Words``."""
    index = schema.get_field_index(WORDS_COLUMN)
    if index < 0:
        return pa.RecordBatch.from_pylist(list(rows), schema=schema)
    rest = pa.RecordBatch.from_pylist(list(rows), schema=schema.remove(index))
    columns = list(rest.columns)
    columns.insert(index, words_array([row[WORDS_COLUMN] for row in rows], schema.field(index)))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def words_array(pages: Sequence[Words], field: pa.Field) -> pa.Array:
    """One list of words a page, of ``field``'s type (a list of kpo.schema.WORD).

    The texts must be clean (kpo.textsafe; the rows clean them): they are encoded
    as UTF-8 without a check.
    """
    offsets = pa.array(list(accumulate((len(words) for words in pages), initial=0)), pa.int32())
    parts = [_struct(words) for words in pages]
    values = pa.concat_arrays(parts) if parts else _struct(Words())
    return pa.ListArray.from_arrays(offsets, values).cast(field.type)


def _struct(words: Words) -> pa.StructArray:
    n, numbers = len(words), pa.py_buffer(words.numbers)
    floats = [
        pa.Array.from_buffers(pa.float64(), n, [None, numbers], offset=k * n)
        for k in range(len(COLUMNS))
    ]
    conf = floats[-1]
    floats[-1] = pc.if_else(pc.is_nan(conf), _NULL, conf)  # NaN: a word from the text layer
    return pa.StructArray.from_arrays([_strings(words), *floats], names=["text", *COLUMNS])


def _strings(words: Words) -> pa.Array:
    text = words.joined_text
    if text.isascii():  # a char a byte: the offsets are the UTF-8 ones
        data, offsets = text.encode("ascii"), pa.py_buffer(words.offsets)
    else:
        data = text.encode("utf-8")
        offsets = pa.py_buffer(_utf8_offsets(text, words.offsets))
    return pa.StringArray.from_buffers(len(words), offsets, pa.py_buffer(data))


def _utf8_offsets(text: str, offsets: memoryview) -> npt.NDArray[np.int32]:
    """Offsets into ``text`` (in characters) as offsets into its UTF-8 bytes."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    widths = 1 + (codes >= 0x80).astype(np.int32) + (codes >= 0x800) + (codes >= 0x10000)
    ends = np.concatenate(([0], np.cumsum(widths, dtype=np.int64)))
    return ends[np.frombuffer(offsets, dtype=np.int32)].astype(np.int32)
