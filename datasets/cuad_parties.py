"""The parties of a CUAD contract, from its ``Parties-Answer`` and ``Parties`` spans.

CUAD writes ``Name ("Alias"); Other Name ("Alias2")``. The names are kept as printed;
alias definitions, ``f/k/a ...``, ``d/b/a ...``, ``and its subsidiaries ...``,
``together with its successors ...`` are cut; pieces that are roles (``Franchisee``,
``You``), restate aliases (``Company and Consultant``) or are blank (``[***]``) are
dropped. Where a name is not in CUAD's own spans, letters and digits compared, the
closest span spelling replaces it (``Mount Kowledge`` -> ``MOUNT KNOWLEDGE``); with the
contract's text, a name that is in neither is not trusted and the row gets no parties.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

QUOTES = '"“”«»'
_APOSTROPHES = str.maketrans("\u2018\u2019", "''")
_QUOTED = re.compile(rf"[{QUOTES}][^{QUOTES}]*[{QUOTES}]")
_ALIAS_WORDS = re.compile(
    r"\b(collectively|individually|referred|hereafter|hereinafter|herein|each|together"
    r"|formerly|party|parties)\b",
    re.IGNORECASE,
)
_DEFINING = re.compile(
    r"\b(collectively|individually|referred|hereafter|hereinafter|herein|each of)\b",
    re.IGNORECASE,
)
_CUT = re.compile(
    r"(?:,\s*|\s+)(?:f/k/a|a/k/a|d/b/a|dba|doing business as|formerly known as|formerly"
    r"|on behalf of"
    r"|and (?:all )?(?:of )?(?:its|his|her|their) |together with|including (?:its|his|her)"
    r"|(?:a|an) (?:wholly[- ]owned )?(?:subsidiary|affiliate|division) of"
    r"|its successors|and who )",
    re.IGNORECASE,
)
_SUFFIX = re.compile(
    r"(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|l\.l\.c|lp|l\.p|llp"
    r"|plc|n\.a|na|s\.a|sa|ag|gmbh|bv|b\.v|nv|n\.v|s\.a\.s|sas|pte|pty|kg|oy|ab|as|a/s"
    r"|s\.p\.a|spa|srl|s\.r\.l|trust|fund|bank)\.?",
    re.IGNORECASE,
)
ROLES = frozenset((
    "you", "your", "we", "us", "affiliate", "affiliates", "company", "consultant", "franchisee",
    "franchisor", "member", "members", "licensee", "licensor", "distributor", "customer",
    "supplier", "vendor", "publisher", "publishers", "software", "web", "site", "owner",
    "owners", "sales", "agent", "agents", "individual", "reseller", "contractor", "client",
    "sponsor", "provider", "purchaser", "buyer", "seller", "lender", "borrower", "borrowers",
    "investor", "developer", "manufacturer", "promoter", "principal", "principals",
    "shareholder", "shareholders", "employee", "executive", "talent", "celebrity", "endorser",
    "professional", "consultants", "participant", "participants", "athlete",
))  # fmt: skip
_HONORIFIC = r"(?:Mr|Mrs|Ms|Dr)\.?\s"
_FILLER = frozenset(("a", "an", "the", "and", "or", "of", "as", "its", "their", "each"))


@dataclass(frozen=True, slots=True)
class Parties:
    """The names kept, and a note per change the conversion made."""

    names: tuple[str, ...]
    notes: tuple[str, ...] = ()


def letters(text: str) -> str:
    """Letters and digits only, lower case, accents dropped: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isalnum())


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xad", "-")).strip()


def aliases(pieces: Iterable[str]) -> set[str]:
    """The words of every quoted alias in the pieces of an answer, lower case."""
    quoted = (q for piece in pieces for q in _QUOTED.findall(piece))
    return {w.lower() for q in quoted for w in re.findall(r"\w+", q)}


def _strip_parens(piece: str) -> str:
    """Remove parenthesised alias definitions (quoted, or naming parties), innermost first."""
    group = re.compile(r"\(([^()]*)\)")
    while True:
        new = group.sub(lambda m: _keep_group(m[0], m[1]), piece)
        if new == piece:
            return piece
        piece = new


def _keep_group(whole: str, inner: str) -> str:
    if any(q in inner for q in QUOTES) or _ALIAS_WORDS.search(inner) or not inner.strip():
        return " "
    return whole.replace("(", "\0").replace(")", "\1")  # kept: hide from the next pass


def clean_piece(piece: str) -> str:
    """One name without its alias definitions, quotes and trailing qualifiers."""
    piece = _spaces(piece).replace("(?", '("').replace("?)", '")').translate(_APOSTROPHES)
    piece = _strip_parens(piece)
    piece = re.sub(r"\x00\s*[A-Z][A-Z&.\-]+\s*\x01\s*$", "", piece)  # a trailing acronym alias
    piece = _QUOTED.sub(" ", piece)
    piece = re.split(r"[(" + QUOTES + "]", piece.strip(" (").removesuffix(")"))[0]
    piece = piece.replace("\0", "(").replace("\1", ")")
    piece = re.sub(r"^(?:f/s/o|c/o)\s+", "", piece.strip(), flags=re.IGNORECASE)
    if m := _CUT.search(piece):
        piece = piece[: m.start()]
    return _spaces(piece).strip(" ,;:")


def split_names(piece: str) -> list[str]:
    """A piece naming several companies (``A, LLC, B, L.P.``, ``A Inc. and B Ltd.``) or
    people (``Mr. A, Mr. B and Ms. C``) split into names."""
    if re.match(_HONORIFIC, piece):
        people = re.split(rf",\s+(?={_HONORIFIC})|\s+and\s+(?={_HONORIFIC})", piece)
        if all(re.match(_HONORIFIC, p) for p in people):
            return people
    parts = [p for p in re.split(r",\s+", piece) if p]
    names: list[str] = []
    for i, part in enumerate(parts):
        if names and not _starts_name(names[-1], parts[i:]):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return [n for name in names for n in _split_and(name)]


def _starts_name(before: str, rest: Sequence[str]) -> bool:
    """Whether ``rest[0]`` starts a new company after ``before`` (``A Inc., B Ltd.``):
    the name before ends with a suffix, and this part (with the bare suffixes that
    follow it, ``B, L.P.``) ends with one without beginning with one."""
    if not _ends_with_suffix(before) or _SUFFIX.fullmatch((rest[0].split() or [""])[0]):
        return False
    name = rest[0]
    for part in rest[1:]:
        if not _SUFFIX.fullmatch(part):
            break
        name = f"{name}, {part}"
    return _ends_with_suffix(name)


def _split_and(name: str) -> list[str]:
    """``A Inc. and B Ltd.`` -> both, when the first ends with a company suffix."""
    first, sep, second = name.partition(" and ")
    if sep and _ends_with_suffix(first) and second[:1].isupper():
        return [first, *_split_and(second)]
    return [name]


def _ends_with_suffix(name: str) -> bool:
    words = name.split()
    last = words[-1] if words else ""
    return len(words) > 1 and last[:1].isupper() and bool(_SUFFIX.fullmatch(last))


def is_role(name: str, alias_words: set[str]) -> bool:
    """A role, a restatement of aliases, a blank or a redaction, instead of a name."""
    words = re.findall(r"[\w']+", name.lower())
    if not words or re.fullmatch(r"[\W_xX]*", name):
        return True
    if _DEFINING.search(name) or re.match(r"(?:the|each|any|all) [^A-Z]*$", name):
        return True
    if any(ch.isdigit() for ch in name) or _ends_with_suffix(name):
        return False
    if _ALIAS_WORDS.search(name):
        return True
    meaningful = [w for w in words if w not in _FILLER]
    return all(w in ROLES or w in alias_words for w in meaningful)


def restates(name: str, others: Sequence[str], alias_words: set[str]) -> bool:
    """``A, B and C`` where each of A, B, C is part of another name, or an alias."""
    parts = [p for p in re.split(r",\s+|\s+and\s+", name) if p]
    known = [letters(o) for o in others if o != name]
    words = list(alias_words)
    return " and " in name and all(
        any(letters(p) in k for k in known)
        or all(
            difflib.get_close_matches(w, words, n=1, cutoff=0.8) or w in ROLES
            for w in re.findall(r"\w+", p.lower())
            if w not in _FILLER
        )
        for p in parts
    )


def split_pieces(answer: str) -> list[str]:
    """The answer split at each ``;`` outside parentheses (and outside the pair of
    parentheses that wraps some answers whole)."""
    answer = answer.strip()
    if answer.startswith("("):
        answer = answer[1:]
        if answer.endswith(")") and answer.count(")") > answer.count("("):
            answer = answer[:-1]
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(answer):
        depth += (ch == "(") - (ch == ")" and depth > 0)
        if ch == ";" and depth == 0:
            pieces.append(answer[start:i])
            start = i + 1
    return [*pieces, answer[start:]]


def answer_names(answer: str) -> list[str]:
    """The names of a ``Parties-Answer`` before any check against spans or text."""
    pieces = split_pieces(re.sub(rf"(?<=[{QUOTES}]\))\s*[,.]\s+(?=[A-Z])", "); ", answer))
    alias_words = aliases(pieces)
    split = [split_names(clean_piece(piece)) for piece in pieces]
    names: list[str] = []
    for i, piece_names in enumerate(split):
        others = [n for j, ns in enumerate(split) if j != i for n in ns]
        if restates(", ".join(piece_names), others, alias_words):
            continue
        for name in piece_names:
            if is_role(name, alias_words) or restates(name, others, alias_words):
                continue
            if letters(name) not in map(letters, names):
                names.append(name)
    return names


def printed_spelling(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate spelt like the name but for a typo, as the contract prints it.

    Letters and digits are compared: at most three more or fewer, 85% alike, and
    neither inside the other (a span that cuts a name short is no spelling of it).
    """
    key = letters(name)
    cleaned = {letters(c): c for c in (clean_piece(c) for c in candidates) if letters(c)}
    near = [k for k in cleaned if abs(len(k) - len(key)) <= 3 and k not in key and key not in k]
    close = difflib.get_close_matches(key, near, n=1, cutoff=0.85)
    return cleaned[close[0]] if close else None


def convert_parties(answer: str, spans: Sequence[str], text: str | None = None) -> Parties:
    """The parties of a contract; with ``text``, every name must be printed in it."""
    known = letters(" ".join(spans)) if text is None else letters(text)
    names, notes = [], []
    for name in answer_names(answer):
        if letters(name) in known:
            names.append(name)
            continue
        fixed = printed_spelling(name, spans)
        if fixed and (text is None or letters(fixed) in known):
            names.append(fixed)
            notes.append(f'party "{name}" spelt as printed: "{fixed}"')
        elif text is None:
            names.append(name)
        else:
            return Parties((), (f'parties left out: "{name}" is not printed in the document',))
    return Parties(tuple(names), tuple(notes))
