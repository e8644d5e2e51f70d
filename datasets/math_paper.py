"""A research paper with characters outside the Basic Multilingual Plane.

Mathematical papers print variables in the Mathematical Alphanumeric Symbols block
(U+1D400..U+1D7FF: bold, italic, double-struck letters). pdfium returns each such
character as two UTF-16 code units (a surrogate pair) in its char list, which is
what broke a batch's Parquet write (issue 16). ``write_math_paper`` makes such a
paper: a generated research paper (``kpo.datasets.generator``) whose title, title
metadata and a body paragraph hold these characters, drawn in DejaVu Serif.

reportlab writes a font's ToUnicode CMap with the code point as one hex number
(``<1D434>``), which readers take as 16-bit units and misread; ``mend_to_unicode``
rewrites those entries as UTF-16BE surrogate pairs (``<D835DC34>``), as TeX and
Acrobat write them.

The fonts are subsets of DejaVu Serif 2.37 (regular and bold; fonts/LICENSE-DejaVu.txt)::

    U="U+0020-007E,U+00A0-00FF,U+0391-03A9,U+03B1-03C9,U+2010-2027,U+2032-2033,\\
    U+2190-2193,U+2200-2209,U+2211-221E,U+2223-222B,U+2248,U+2260-2265,U+2282-2287,\\
    U+1D400-1D7FF"
    pyftsubset DejaVuSerif.ttf --unicodes="$U" --output-file=DejaVuSerif-Math.ttf \\
        --layout-features='' --no-hinting --desubroutinize --name-IDs='*' --notdef-outline

(and the same for DejaVuSerif-Bold.ttf -> DejaVuSerif-Bold-Math.ttf).

``python -m kpo.datasets.math_paper OUT.pdf [SEED]`` writes one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pikepdf

from kpo.datasets.blocks import Block, Para
from kpo.datasets.generator import build, render
from kpo.datasets.spec import DocSpec, para

FAMILY = "dejavu_math"  # kpo.datasets.blocks.FAMILIES: DejaVu Serif subsets with the symbols
BOLD, ITALIC, DOUBLE_STRUCK = 0x1D400, 0x1D434, 0x1D538  # where each alphabet's "A" is
DOUBLE_STRUCK_ZERO = 0x1D7D8


def styled(text: str, alphabet: int) -> str:
    """``text`` with its ASCII letters (and digits, double-struck) in a math alphabet.

    Math italic has no small h (U+1D455 is unassigned): do not ask for one.
    """
    out = []
    for ch in text:
        if "A" <= ch <= "Z" or "a" <= ch <= "z":
            offset = ord(ch) - 65 if ch <= "Z" else 26 + ord(ch) - 97
            out.append(chr(alphabet + offset))
        elif ch.isdigit() and alphabet == DOUBLE_STRUCK:
            out.append(chr(DOUBLE_STRUCK_ZERO + int(ch)))
        else:
            out.append(ch)
    return "".join(out)


def _i(text: str) -> str:
    return styled(text, ITALIC)


# bold capitals in the title (drawn in bold); math italic and double-struck in the body
TITLE_SUFFIX = f" over {styled('A', BOLD)}-Modules and {styled('BC', BOLD)} Spaces"
BODY = (
    f"Let {_i('A')} be a finite set and {_i('x')} \u2208 {_i('A')}. We write "
    f"{styled('E', DOUBLE_STRUCK)}[{_i('f(x)')}] for the expectation over "
    f"{styled('F2', DOUBLE_STRUCK)} and assume {_i('f(x)')} \u2264 {_i('g(x)')} for every "
    f"{_i('x')}, so that {_i('T')} \u2282 {_i('A')} holds with {_i('k')} \u2265 "
    f"{styled('1', DOUBLE_STRUCK)}."
)
_CMAP_ENTRY = re.compile(rb"<([0-9A-Fa-f]{2,4})> <([0-9A-Fa-f]{5,6})>")


def math_spec(seed: int) -> DocSpec:
    """The research paper of ``seed`` with symbols in its title and first body paragraph."""
    spec = build("research_paper", seed)
    title = spec.title + TITLE_SUFFIX
    front = tuple(_retitled(block, title) for block in spec.front)
    spec.gold.values["title"] = spec.gold.raw["title"] = title
    body = (para(BODY), *spec.body)
    layout = replace(spec.layout, family=FAMILY)
    return replace(spec, title=title, front=front, body=body, layout=layout)


def _retitled(block: Block, title: str) -> Block:
    if isinstance(block, Para) and block.role == "title":
        return replace(block, segments=((title, "title"),))
    return block


def _surrogate_pair(match: re.Match[bytes]) -> bytes:
    code, point = match.group(1), int(match.group(2), 16)
    units = chr(point).encode("utf-16-be").hex().upper().encode()
    return b"<" + code + b"> <" + units + b">"


def mend_to_unicode(path: Path) -> int:
    """Rewrite non-BMP entries of every ToUnicode CMap as surrogate pairs; return how many."""
    mended = 0
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or "/ToUnicode" not in obj:
                continue
            stream = obj.ToUnicode
            text, count = _CMAP_ENTRY.subn(_surrogate_pair, stream.read_bytes())
            if count:
                stream.write(text)
                mended += count
        pdf.save(path, deterministic_id=True)
    return mended


def write_math_paper(path: Path, seed: int = 0) -> str:
    """Write the paper of ``seed`` to ``path``; return its title."""
    spec = math_spec(seed)
    render(spec, path)
    mend_to_unicode(path)
    return spec.title


def main(argv: list[str] | None = None) -> None:
    """``python -m kpo.datasets.math_paper OUT.pdf [SEED]``: write one paper, print its title."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m kpo.datasets.math_paper", description=main.__doc__
    )
    parser.add_argument("out", type=Path, help="the PDF to write")
    parser.add_argument(
        "seed", type=int, nargs="?", default=0, help="the same seed, the same bytes"
    )
    args = parser.parse_args(argv)
    print(write_math_paper(args.out, args.seed))


if __name__ == "__main__":
    main()
