"""Near misses for the document-type classifier: hard negatives and look-alike positives.

Each builder makes one document of a kind that real batches hold and that is easily
taken for another type: insurance policies, hospital bills, explanations of benefits,
invoices and accident or claim statistics look like claims; slide decks and software
manuals look like papers (all ``other``); papers about insurance claims
(``research_paper``) and blank claim forms (``claim``) look like negatives.

A builder sets ``DocSpec.kind`` to ``<kind>:<template>``; the template names the
layout and wording family, so a held-out evaluation can keep whole templates out of
training (``near_miss_group``).
"""

from __future__ import annotations

from collections.abc import Callable

from kpo.datasets.near_miss_bills import build_eob, build_invoice, build_medical_bill
from kpo.datasets.near_miss_insurance import build_policy
from kpo.datasets.near_miss_office import build_manual, build_slides
from kpo.datasets.near_miss_positive import build_blank_claim, build_insurance_paper
from kpo.datasets.near_miss_tables import build_statistics
from kpo.datasets.spec import DocSpec
from kpo.datasets.vocab import Ctx
from kpo.records import DocType

__all__ = ["NEAR_MISS", "PREFIX", "is_near_miss", "near_miss_group"]

PREFIX = "near_"  # file names and kinds of near-miss documents start with it
NEAR_MISS: dict[str, tuple[DocType, Callable[[Ctx], DocSpec]]] = {
    "policy": ("other", build_policy),
    "medical_bill": ("other", build_medical_bill),
    "eob": ("other", build_eob),
    "invoice": ("other", build_invoice),
    "statistics": ("other", build_statistics),
    "slides": ("other", build_slides),
    "manual": ("other", build_manual),
    "insurance_paper": ("research_paper", build_insurance_paper),
    "blank_claim": ("claim", build_blank_claim),
}


def is_near_miss(kind: str | None) -> bool:
    return str(kind or "").startswith(PREFIX)


def near_miss_group(kind: str | None) -> str:
    """The template a near-miss document was made from (``near_policy:notice``)."""
    return str(kind or "")
