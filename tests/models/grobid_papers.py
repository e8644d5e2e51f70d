"""Write small synthetic papers in GROBID's header corpus formats (TEI + feature files).

Each paper: a venue line, a title in the largest font, a byline of two or three names
with markers, an affiliation, a date, a DOI and an abstract. Enough variety for a
labeller to learn the fields in seconds; the words come from small seeded lists.
"""

from __future__ import annotations

import random
from pathlib import Path
from xml.sax.saxutils import escape

from kpo.datasets.grobid_tei import tokenize

FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Radia"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus"]
TOPIC = ["Learning", "Graphs", "Proteins", "Markets", "Sensors", "Languages", "Networks"]
WORDS = [
    "we",
    "study",
    "the",
    "method",
    "results",
    "show",
    "that",
    "our",
    "approach",
    "improves",
    "data",
    "models",
]


def _feature_line(text: str, block: str, line: str, size: str, largest: bool) -> str:
    caps = "ALLCAP" if text.isupper() and len(text) > 1 else ("INITCAP" if text[:1].isupper()
                                                            else "NOCAPS")  # fmt: skip
    digits = "ALLDIGIT" if text.isdigit() else "NODIGIT"
    cols = [text, text.lower(), *[text[:1]] * 8, block, line, "ALIGNEDLEFT", "SAMEFONT", size]
    cols += ["0", "0", caps, digits, *["0"] * 8, "NOPUNCT", str(int(largest)), "0", "1", "0"]
    return " ".join(cols)


def _lines(rng: random.Random, i: int) -> list[tuple[str, str, str]]:
    """(text, TEI element or '', font) per line: font is 'big', 'body' or 'small'."""
    names = rng.sample(range(len(FIRST)), rng.randint(2, 3))
    byline = " , ".join(f"{FIRST[n]} {LAST[n % len(LAST)]} {k + 1}" for k, n in enumerate(names))
    title = f"{rng.choice(TOPIC)} of {rng.choice(TOPIC)} for {rng.choice(TOPIC)} number {i}"
    year = str(rng.randint(1995, 2022))
    abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 40)))
    return [
        (f"Journal of {rng.choice(TOPIC)} {rng.randint(1, 60)}", "", "small"),
        (title, "titlePart", "big"),
        (byline, "docAuthor", "body"),
        ("1 Department of Things , Example University", "affiliation", "small"),
        (f"Received {year}", "date", "small"),
        (f"doi : 10.{rng.randint(1000, 9999)}/x{i}", "idno", "small"),
        (abstract, "abstract", "body"),
    ]


def _tei(lines: list[tuple[str, str, str]], pid: str) -> str:
    body = []
    for text, element, _ in lines:
        if element == "abstract":
            body.append(f'<div type="abstract">{escape(text)}<lb/></div>')
        elif element == "titlePart":
            body.append(f"<docTitle><titlePart>{escape(text)}<lb/></titlePart></docTitle>")
        elif element:
            body.append(f"<{element}>{escape(text)}<lb/></{element}>")
        else:
            body.append(f"{escape(text)}<lb/>")
    return (
        f'<?xml version="1.0" ?>\n<tei xml:space="preserve"><teiHeader><fileDesc xml:id="_{pid}"/>'
        f'</teiHeader><text xml:lang="en"><front>{"".join(body)}</front></text></tei>\n'
    )


def _features(lines: list[tuple[str, str, str]]) -> str:
    out, previous = [], "body"
    for text, _, font in lines:
        tokens = tokenize(text)
        for k, token in enumerate(tokens):
            order = {"small": 0, "body": 1, "big": 2}
            size = "SAMEFONTSIZE"
            if k == 0 and font != previous:
                size = "HIGHERFONT" if order[font] > order[previous] else "LOWERFONT"
            block = "BLOCKSTART" if k == 0 else ("BLOCKEND" if k == len(tokens) - 1 else "BLOCKIN")
            line = "LINESTART" if k == 0 else ("LINEEND" if k == len(tokens) - 1 else "LINEIN")
            out.append(_feature_line(token, block, line, size, font == "big"))
        previous = font
    return "\n".join(out) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 0) -> Path:
    """``n`` papers under ``folder/tei`` and ``folder/raw``; returns ``folder``."""
    rng = random.Random(seed)
    (folder / "tei").mkdir(parents=True, exist_ok=True)
    (folder / "raw").mkdir(parents=True, exist_ok=True)
    for i in range(n):
        pid = f"paper{i:03d}"
        lines = _lines(rng, i)
        (folder / "tei" / f"{pid}.training.header.tei.xml").write_text(_tei(lines, pid))
        (folder / "raw" / f"{pid}.training.header").write_text(_features(lines))
    return folder
