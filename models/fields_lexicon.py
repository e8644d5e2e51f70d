"""Labels of claim-form fields in English, German, French, Spanish and Hebrew.

Written from general knowledge of insurance and medical claim forms: the words a
form prints before (or above) the box a value goes in. Each field maps to regular
expressions matched case-insensitively against text in reading order. ``FIRST_NAME``
and ``LAST_NAME`` label the two halves of a name that forms ask for separately.
"""

from __future__ import annotations

import re

_NO = r"(?:no\.?|nr\.?|n[o\u00ba\u00b0]\.?|number|num\.?|#|id|ref(?:erence)?)"
_HE_NO = r"(?:\u05de\u05e1\u05e4\u05e8|\u05de\u05e1['\u05f3]?)"  # mispar / mis'
_HE_NAME = r"\u05e9\u05dd"  # shem

LABELS: dict[str, tuple[str, ...]] = {
    "claim_number": (
        rf"claim\s*{_NO}",
        r"schaden(?:s)?[\s\-]*(?:nummer|nr\.?)",
        r"(?:num[e\u00e9]ro|n[o\u00ba\u00b0]\.?)\s+(?:de\s+)?(?:sinistre|r[e\u00e9]clamation|dossier)",
        r"(?:n[u\u00fa]mero|n\.?[o\u00ba]\.?)\s+(?:de(?:l)?\s+)?(?:siniestro|reclamaci[o\u00f3]n)",
        rf"{_HE_NO}\s*\u05d4?\u05ea\u05d1\u05d9\u05e2\u05d4",  # claim no.
    ),
    "policy_number": (
        rf"(?:policy|certificate)\s*{_NO}",
        r"insured['\u2019]?s\s+i\.?\s?d\.?\s*(?:no\.?|number)?|member\s+id",
        r"(?:versicherungs(?:schein)?|police(?:n)?|vertrags)[\s\-]*(?:nummer|nr\.?)",
        r"(?:num[e\u00e9]ro|n[o\u00ba\u00b0]\.?)\s+(?:de\s+)?(?:police|contrat)",
        r"(?:n[u\u00fa]mero|n\.?[o\u00ba]\.?)\s+(?:de\s+)?p[o\u00f3]liza",
        rf"{_HE_NO}\s*\u05d4?\u05e4\u05d5\u05dc\u05d9\u05e1\u05d4",  # policy no.
    ),
    "claimant_name": (
        r"(?:claimant|insured|patient|policy\s*holder|member|injured\s+(?:person|party|worker)|"
        r"employee)(?:['\u2019]s)?\s+(?:full\s+)?name",
        r"name\s+of\s+(?:the\s+)?(?:claimant|insured|patient|injured(?:\s+person)?|applicant)",
        r"policyholder|claimant",
        r"name\s+des\s+(?:versicherungsnehmers|versicherten|gesch[a\u00e4]digten|verletzten)",
        r"versicherungsnehmer(?:in)?|anspruchsteller(?:in)?|gesch[a\u00e4]digte[r]?",
        r"nom\s+(?:de\s+l['\u2019]\s*assur[e\u00e9]e?|du\s+demandeur|de\s+la\s+victime|du\s+patient)",
        r"nombre\s+del?\s+(?:asegurado|reclamante|lesionado|paciente)",
        rf"{_HE_NAME}\s+\u05d4(?:\u05ea\u05d5\u05d1\u05e2|\u05de\u05d1\u05d5\u05d8\u05d7|"
        r"\u05e0\u05e4\u05d2\u05e2|\u05de\u05d1\u05e7\u05e9)",  # name of claimant/insured/...
    ),
    "date_of_loss": (
        r"date\s+of\s+(?:the\s+)?(?:loss|accident|incident|injury|occurrence|event|damage)",
        r"(?:loss|accident|incident|injury)\s+date",
        r"schadens?(?:datum|tag)|unfall(?:datum|tag)|datum\s+des\s+(?:unfalls|schadens)",
        r"date\s+d[ue]\s+(?:l['\u2019]\s*)?(?:sinistre|accident|incident)",
        r"fecha\s+del?\s+(?:siniestro|accidente|incidente|la\s+p[e\u00e9]rdida)",
        r"\u05ea\u05d0\u05e8\u05d9\u05da\s+\u05d4(?:\u05e4\u05d2\u05d9\u05e2\u05d4|"
        r"\u05ea\u05d0\u05d5\u05e0\u05d4|\u05d0\u05d9\u05e8\u05d5\u05e2|\u05e0\u05d6\u05e7)",
    ),
    "amount_claimed": (
        r"amount\s+(?:claimed|of\s+(?:the\s+)?claim)|claim(?:ed)?\s+amount",
        r"total\s+(?:amount\s+)?(?:claimed|due|settlement|charges?|payable(?:\s+by\s+\w+)?)",
        r"geforderter\s+betrag|forderungsbetrag|schadens?(?:h[o\u00f6]he|summe)",
        r"montant\s+(?:r[e\u00e9]clam[e\u00e9]|de\s+la\s+r[e\u00e9]clamation|du\s+sinistre)",
        r"(?:importe|monto|cantidad)\s+(?:reclamad[oa]|total\s+reclamado)",
        r"(?:\u05e1\u05db\u05d5\u05dd\s+\u05d4\u05ea\u05d1\u05d9\u05e2\u05d4|"
        r"\u05d4\u05e1\u05db\u05d5\u05dd\s+\u05d4\u05e0\u05ea\u05d1\u05e2)",
    ),
}
FIRST_NAME = (
    r"first\s+name|given\s+name|forename|vorname|pr[e\u00e9]nom|nombre(?!\s+del?\b)",
    rf"{_HE_NAME}\s+\u05e4\u05e8\u05d8\u05d9",
)
LAST_NAME = (
    r"last\s+name|surname|family\s+name|nachname|familienname|nom\s+de\s+famille|apellidos?",
    rf"{_HE_NAME}\s+\u05de\u05e9\u05e4\u05d7\u05d4",
)
WEAK_LABEL = re.compile(r"total", re.I)  # a total is not always the claimed amount


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.I)


FIELD_LABELS: dict[str, re.Pattern[str]] = {name: _compile(p) for name, p in LABELS.items()}
NAME_PART_LABELS: dict[str, re.Pattern[str]] = {
    "first": _compile(FIRST_NAME),
    "last": _compile(LAST_NAME),
}
ANY_LABEL = _compile(tuple(p for group in LABELS.values() for p in group) + FIRST_NAME + LAST_NAME)
# Words printed on forms that are never part of a person's name (en, de, fr, es, he).
FORM_WORDS = re.compile(
    r"(?<!\w)(?:date|birth|address|phone|tel|telephone|fax|e-?mail|sex|gender|male|female|"
    r"signature|sign|number|no|time|place|city|state|zip|code|street|country|occupation|"
    r"name|first|last|middle|relationship|insured|patient|policy|claim|amount|total|"
    r"datum|geburt\w*|adresse|unterschrift|nummer|ort|stra(?:ss|\u00df)e|"
    r"naissance|signature|num[e\u00e9]ro|rue|ville|fecha|nacimiento|direcci[o\u00f3]n|firma|"
    r"\u05ea\u05d0\u05e8\u05d9\u05da|\u05dc\u05d9\u05d3\u05d4|\u05de\u05d9\u05df|"
    r"\u05db\u05ea\u05d5\u05d1\u05ea|\u05d8\u05dc\u05e4\u05d5\u05df|\u05d7\u05ea\u05d9\u05de\u05d4|"
    r"\u05de\u05e1\u05e4\u05e8|\u05e9\u05dd|\u05e8\u05d7\u05d5\u05d1)(?!\w)",
    re.I,
)
