"""Feature rows of a header's tokens for the two labellers of ``header_model``.

- ``crf_sequence``: per token, the string features of GROBID's ``header.template`` (the
  token, its neighbours, prefixes and suffixes, and the columns of the token and of its
  two neighbours) for a linear-chain CRF.
- ``line_matrix``: per line, a numeric row for gradient boosting: each column's share
  among the line's tokens, its first and last token's columns, its length and place,
  the cue ids of its first and last words, and the same for the two lines either side.

The columns are ``header_tokens.LAYOUT`` and ``LAYOUT_FLAGS`` plus ``text_features``.
Measured in ``benchmarks/bench_header_models.py`` (5 folds on GROBID's corpus).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from .header_tokens import LAYOUT, LAYOUT_FLAGS, HeaderToken, text_features


class Lined(Protocol):
    """A token as lines are cut from it: its text and GROBID's line column (a kpo
    ``HeaderToken`` or a row of GROBID's own feature files)."""

    @property
    def text(self) -> str: ...

    @property
    def line(self) -> str: ...


VALUES: dict[str, tuple[str, ...]] = {
    "block": ("BLOCKSTART", "BLOCKIN", "BLOCKEND"),
    "line": ("LINESTART", "LINEIN", "LINEEND"),
    "alignment": ("ALIGNEDLEFT", "LINEINDENT"),
    "font_size": ("HIGHERFONT", "SAMEFONTSIZE", "LOWERFONT"),
    "capitals": ("INITCAP", "ALLCAP", "NOCAPS"),
    "digits": ("ALLDIGIT", "CONTAINSDIGITS", "NODIGIT"),
    "punctuation": (
        "NOPUNCT",
        "OPENBRACKET",
        "ENDBRACKET",
        "DOT",
        "COMMA",
        "HYPHEN",
        "QUOTE",
        "PUNCT",
    ),
}
FLAGS = (*LAYOUT_FLAGS, "single_char", "year", "month", "email", "url", "common_word")
CUE_WORDS = 250  # categorical: HistGradientBoosting takes at most 255 categories
EDGE = "<edge>"
Columns = dict[str, str | bool]


def columns(token: HeaderToken) -> Columns:
    """Every column of one token: its layout and its text features."""
    layout: Columns = {name: getattr(token, name) for name in (*LAYOUT, *LAYOUT_FLAGS)}
    return layout | text_features(token.text)


def _crf_token(tokens: Sequence[HeaderToken], cols: Sequence[Columns], i: int) -> list[str]:
    text = tokens[i].text
    feats = ["w=" + text, "len=" + str(min(len(text), 8))]
    feats += [f"p{n}={text[:n]}" for n in range(1, 5)] + [f"s{n}={text[-n:]}" for n in range(1, 5)]
    for d in (-2, -1, 1, 2):
        j = i + d
        feats.append(f"w{d}=" + (tokens[j].text.lower() if 0 <= j < len(tokens) else EDGE))
    feats.append(f"w-1|w={tokens[i - 1].text.lower() if i else EDGE}|{text.lower()}")
    for j in range(max(i - 1, 0), min(i + 2, len(tokens))):
        d = j - i
        feats += [f"{d}{a}={cols[j][a]}" for a in VALUES]
        feats += [f"{d}{a}" for a in FLAGS if cols[j][a]]
    return feats


def crf_sequence(
    tokens: Sequence[HeaderToken], cols: Sequence[Columns] | None = None
) -> list[list[str]]:
    """The CRF's features of every token (``cols``: their ``columns``, if already made)."""
    cols = cols if cols is not None else [columns(t) for t in tokens]
    return [_crf_token(tokens, cols, i) for i in range(len(tokens))]


def one_hot(cols: Sequence[Columns]) -> NDArray[np.float32]:
    """Per token: each flag as 0/1, each categorical column one-hot over its values."""
    out: list[NDArray[np.bool_]] = []
    for name in (*VALUES, *FLAGS):
        raw = [c[name] for c in cols]
        if name in VALUES:
            out += [np.array([v == x for v in raw]) for x in VALUES[name]]
        else:
            out.append(np.array(raw, dtype=bool))
    return np.column_stack(out).astype(np.float32)


def line_starts(tokens: Sequence[Lined]) -> NDArray[np.intp]:
    """Index of each line's first token."""
    new = [
        i == 0 or t.line == "LINESTART" or tokens[i - 1].line == "LINEEND"
        for i, t in enumerate(tokens)
    ]
    return np.flatnonzero(new)


def cue_ids(texts: Sequence[str], cues: dict[str, int]) -> NDArray[np.float32]:
    return np.array([cues.get(t.lower(), CUE_WORDS) for t in texts], dtype=np.float32)


def shifted(x: NDArray[np.float32], d: int) -> NDArray[np.float32]:
    """Row i of the result is row i + d of ``x`` (-1 past either end)."""
    out = np.full_like(x, -1.0)
    if d >= 0:
        out[: len(x) - d] = x[d:]
    else:
        out[-d:] = x[:d]
    return out


def line_matrix(
    tokens: Sequence[HeaderToken], cues: dict[str, int], cols: Sequence[Columns] | None = None
) -> tuple[NDArray[np.float32], NDArray[np.intp]]:
    """One row per line (see the module's docstring), and the line of each token."""
    return line_rows(one_hot(cols if cols is not None else [columns(t) for t in tokens]), tokens,
                     cues)  # fmt: skip


def line_rows(
    matrix: NDArray[np.float32], tokens: Sequence[Lined], cues: dict[str, int]
) -> tuple[NDArray[np.float32], NDArray[np.intp]]:
    """``line_matrix`` over any one-hot token ``matrix`` (a row a token of ``tokens``)."""
    starts = line_starts(tokens)
    ends = np.append(starts[1:], len(tokens))
    n = (ends - starts).astype(np.float32)
    shares = np.add.reduceat(matrix, starts, axis=0) / n[:, None]
    number = np.arange(len(starts), dtype=np.float32)
    first, last = [tokens[i].text for i in starts], [tokens[i - 1].text for i in ends]
    cue = np.column_stack([cue_ids(first, cues), cue_ids(last, cues)])
    context = np.column_stack([cue, shares, n, number / len(starts)]).astype(np.float32)
    parts = [
        matrix[starts],
        matrix[ends - 1],
        number,
        *(shifted(context, d) for d in range(-2, 3)),
    ]
    rows = np.column_stack(parts).astype(np.float32)
    return rows, np.repeat(np.arange(len(starts)), ends - starts)


def cue_columns(width: int, token_width: int | None = None) -> NDArray[np.bool_]:
    """Which columns of ``line_rows`` are cue ids (categorical); ``token_width``: the one-hot
    matrix's columns (None: those of ``one_hot``)."""
    if token_width is None:
        token_width = sum(len(VALUES.get(a, (a,))) for a in (*VALUES, *FLAGS))
    mask = np.zeros(width, dtype=bool)
    for k in range(5):
        first = 2 * token_width + 1 + k * (token_width + 4)
        mask[first : first + 2] = True
    return mask


def cue_words(papers: Sequence[Sequence[HeaderToken]]) -> dict[str, int]:
    """The ``CUE_WORDS`` most common words (one count per paper), numbered."""
    from collections import Counter

    counts = Counter(w for p in papers for w in {t.text.lower() for t in p})
    return {w: i for i, (w, _) in enumerate(counts.most_common(CUE_WORDS))}
