"""GROBID's layout-feature files: ``raw/ID.training.header``, one token a line.

Each line holds 32 space-separated columns written by GROBID's ``FeaturesVectorHeader``
(no labels); ``read_features`` makes each line a typed ``FeatureRow`` of the token and
the layout columns 11-31 (block, line, font, capitals, digits, dictionaries ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

COLUMNS = 32


@dataclass(frozen=True, slots=True)
class FeatureRow:
    """One line of a feature file: the token and GROBID's layout columns 11-31."""

    text: str
    block: str  # BLOCKSTART, BLOCKIN, BLOCKEND
    line: str  # LINESTART, LINEIN, LINEEND
    alignment: str  # ALIGNEDLEFT, LINEINDENT
    new_font: bool
    font_size: str  # HIGHERFONT, SAMEFONTSIZE, LOWERFONT (against the previous token)
    bold: bool
    italic: bool
    capitals: str  # INITCAP, ALLCAP, NOCAPS
    digits: str  # ALLDIGIT, CONTAINSDIGITS, NODIGIT
    single_char: bool
    person_name: bool
    common_word: bool
    year: bool
    month: bool
    place: bool
    email: bool
    url: bool
    punctuation: str  # NOPUNCT, OPENBRACKET, ENDBRACKET, DOT, COMMA, HYPHEN, QUOTE, PUNCT
    largest_font: bool
    smallest_font: bool
    larger_than_average: bool


def parse_feature_line(line: str) -> FeatureRow:
    """One feature line; raises ValueError when it does not have 32 columns."""
    c = line.rstrip("\r\n").split(" ")
    if len(c) != COLUMNS:
        raise ValueError(f"{len(c)} columns instead of {COLUMNS}")
    on = [v == "1" for v in c]
    return FeatureRow(
        text=c[0],
        block=c[10],
        line=c[11],
        alignment=c[12],
        new_font=c[13] == "NEWFONT",
        font_size=c[14],
        bold=on[15],
        italic=on[16],
        capitals=c[17],
        digits=c[18],
        single_char=on[19],
        person_name=on[20],
        common_word=on[21],
        year=on[22],
        month=on[23],
        place=on[24],
        email=on[25],
        url=on[26],
        punctuation=c[27],
        largest_font=on[28],
        smallest_font=on[29],
        larger_than_average=on[30],
    )


def read_features(path: Path) -> tuple[FeatureRow, ...]:
    """The rows of a feature file (blank lines skipped); ValueError names a bad line."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    rows.append(parse_feature_line(line))
                except ValueError as exc:
                    raise ValueError(f"line {number}: {exc}") from None
    return tuple(rows)
