"""A page's words as columns: what crosses process boundaries, once and cheaply.

``Words`` keeps a page's words in three flat values instead of one ``Word`` object a
word: the texts joined into one string, their offsets in it (``array('i')``, as Arrow's
string offsets), and one block of float64 numbers holding ``COLUMNS`` one after the
other (``n`` x0 values, then ``n`` top values, ...). It pickles as one str and two bytes
objects, whatever the number of words (a tuple of ``Word`` pickles as several objects a
word: 7 us a word for a dump and a load), and the pages table takes these columns as
they are (kpo/record_batches.py).

It is a ``Sequence[Word]``: ``len``, indexing, iteration, slices (a tuple) and ``==``
with a tuple of words work as on a tuple, so the models read ``page.words`` unchanged.
The ``Word`` objects are made the first time a consumer asks for one and kept, so a page
is materialised once and its words keep their identity (models index words by ``id``).
Words given as objects (``Words(words)``) are not kept: only the columns are, so that a
page built in the extraction child holds its words once (a ``Word`` tuple of a born-digital
page costs about four times its columns), and equal objects are made again when asked
for. A confidence of None (a word from the text layer) is stored as NaN.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, islice, pairwise
from operator import attrgetter, le
from typing import Any, overload

from kpo.records import Word

COLUMNS = ("x0", "top", "x1", "bottom", "size", "conf")
OFFSET_TYPE = "i"  # 32-bit offsets, as in Arrow's string arrays
_NAN = math.nan


class Words(Sequence[Word]):
    """A page's words, column by column (see the module doc); ``Words(words)`` from objects."""

    __slots__ = ("_items", "_numbers", "_offsets", "_text")
    _text: str
    _offsets: array[int]
    _numbers: array[float]
    _items: tuple[Word, ...] | None

    def __init__(self, words: Iterable[Word] = ()) -> None:
        items = tuple(words)
        texts = [w.text for w in items]
        numbers = array("d")
        for name in COLUMNS[:-1]:
            numbers.extend(map(attrgetter(name), items))
        numbers.extend(_NAN if w.conf is None else w.conf for w in items)
        self._text = "".join(texts)
        self._offsets = array(OFFSET_TYPE, accumulate(map(len, texts), initial=0))
        self._numbers, self._items = numbers, None  # objects are made again when asked for

    @classmethod
    def from_columns(
        cls,
        texts: Sequence[str],
        x0: Sequence[float],
        top: Sequence[float],
        x1: Sequence[float],
        bottom: Sequence[float],
        size: Sequence[float],
        conf: Sequence[float | None] | None = None,
    ) -> Words:
        """Words from one sequence a column (``conf`` None: no word was read by OCR)."""
        n = len(texts)
        columns: list[Sequence[Any]] = [x0, top, x1, bottom, size]
        if any(len(column) != n for column in (*columns, texts if conf is None else conf)):
            raise ValueError(f"columns of {n} texts must have {n} values each")
        numbers = array("d")
        for column in columns:
            numbers.extend(column)
        numbers.extend(array("d", [_NAN]) * n if conf is None else _nan_for_none(conf))
        offsets = array(OFFSET_TYPE, accumulate(map(len, texts), initial=0))
        return cls._of("".join(texts), offsets, numbers)

    def with_texts(self, texts: Sequence[str]) -> Words:
        """The same words with other texts (one a word), as cleaned ones."""
        if len(texts) != len(self):
            raise ValueError(f"{len(texts)} texts for {len(self)} words")
        offsets = array(OFFSET_TYPE, accumulate(map(len, texts), initial=0))
        return self._of("".join(texts), offsets, self._numbers)

    @classmethod
    def of(cls, words: Sequence[Word]) -> Words:
        """``words`` if they are ``Words`` already, else ``Words(words)``."""
        return words if isinstance(words, Words) else cls(words)

    @classmethod
    def _of(cls, text: str, offsets: array[int], numbers: array[float]) -> Words:
        self = cls.__new__(cls)
        self._text, self._offsets, self._numbers, self._items = text, offsets, numbers, None
        return self

    # the columns, for consumers that want no object a word (kpo/record_batches.py)

    @property
    def joined_text(self) -> str:
        """The texts of all words, joined with nothing between them."""
        return self._text

    @property
    def offsets(self) -> memoryview:
        """Where each word's text starts in ``joined_text``, and where the last one ends
        (``len(self) + 1`` int32 values, read-only)."""
        return memoryview(self._offsets).toreadonly()

    @property
    def numbers(self) -> memoryview:
        """``COLUMNS`` one after the other, ``len(self)`` float64 values each (read-only)."""
        return memoryview(self._numbers).toreadonly()

    @property
    def texts(self) -> tuple[str, ...]:
        """Each word's text."""
        text = self._text
        return tuple(text[start:end] for start, end in pairwise(self._offsets))

    def column(self, name: str) -> array[float]:
        """One of ``COLUMNS`` (``conf``: NaN for a word from the text layer)."""
        n, k = len(self), COLUMNS.index(name)
        return self._numbers[k * n : (k + 1) * n]

    # Sequence[Word]

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, index: int) -> Word: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Word, ...]: ...

    def __getitem__(self, index: int | slice) -> Word | tuple[Word, ...]:
        return self.as_tuple()[index]

    def __iter__(self) -> Iterator[Word]:
        return iter(self.as_tuple())

    def as_tuple(self) -> tuple[Word, ...]:
        """The words as ``Word`` objects, made once."""
        if self._items is None:
            self._items = self._materialise()
        return self._items

    def _materialise(self) -> tuple[Word, ...]:
        values = [self.column(name) for name in COLUMNS[:-1]]
        conf = [None if c != c else c for c in self.column("conf")]  # NaN: None
        return tuple(map(Word, self.texts, *values, conf))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Words):
            return (self._text, self._offsets) == (other._text, other._offsets) and (
                self._numbers.tobytes() == other._numbers.tobytes()
                or self.as_tuple() == other.as_tuple()
            )
        if isinstance(other, tuple):
            return self.as_tuple() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.as_tuple())  # equal to a tuple of the same words: the same hash

    def __repr__(self) -> str:
        return f"Words({self.as_tuple()!r})"

    # pickling: three objects, whatever the number of words

    def __getstate__(self) -> tuple[str, bytes, bytes]:
        return self._text, self._offsets.tobytes(), self._numbers.tobytes()

    def __setstate__(self, state: tuple[str, bytes, bytes]) -> None:
        """Checked: an answer from the extraction sandbox is not to be trusted."""
        text, offset_bytes, number_bytes = state
        if not (isinstance(text, str) and type(offset_bytes) is type(number_bytes) is bytes):
            raise ValueError("Words: the state must be (str, bytes, bytes)")
        offsets, numbers = array(OFFSET_TYPE), array("d")
        offsets.frombytes(offset_bytes)
        numbers.frombytes(number_bytes)
        _check(text, offsets, numbers)
        self._text, self._offsets, self._numbers, self._items = text, offsets, numbers, None


def _nan_for_none(values: Iterable[float | None]) -> Iterator[float]:
    return (_NAN if v is None else v for v in values)


def _check(text: str, offsets: array[int], numbers: array[float]) -> None:
    """Offsets that cut ``text`` from 0 to its end, and ``COLUMNS`` numbers for each word."""
    n = len(offsets) - 1
    if n < 0 or offsets[0] != 0 or offsets[-1] != len(text) or len(numbers) != len(COLUMNS) * n:
        raise ValueError(f"Words: {len(offsets)} offsets, {len(numbers)} numbers do not agree")
    if not all(map(le, offsets, islice(offsets, 1, None))):
        raise ValueError("Words: the offsets must not decrease")
