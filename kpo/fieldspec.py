"""The canonical fields of each document type, and which ones are required.

One place that extraction, routing, evaluation and the schemas read from.
"""

from __future__ import annotations

from collections.abc import Mapping

from kpo.records import DocType

CANONICAL_FIELDS: Mapping[DocType, tuple[str, ...]] = {
    "contract": (
        "parties",
        "agreement_date",
        "effective_date",
        "governing_law",
        "term",
        "contract_value",
    ),
    "research_paper": ("title", "authors", "abstract", "year", "doi", "arxiv_id"),
    "claim": ("claim_number", "policy_number", "claimant_name", "date_of_loss", "amount_claimed"),
    "other": (),
}

# Fields whose absence sends the document to review.
REQUIRED_FIELDS: Mapping[DocType, tuple[str, ...]] = {
    "contract": ("parties", "agreement_date"),
    "research_paper": ("title", "authors"),
    "claim": ("claim_number",),
    "other": (),
}

# Fields that hold a list: one FieldValue per item.
LIST_FIELDS: frozenset[str] = frozenset({"parties", "authors"})

# Fields whose value is an ISO date (YYYY-MM-DD).
DATE_FIELDS: frozenset[str] = frozenset({"agreement_date", "effective_date", "date_of_loss"})
