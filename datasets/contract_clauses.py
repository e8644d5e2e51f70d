"""Standard clauses of commercial contracts, by heading; ``{A}`` and ``{B}`` are the party roles."""

from __future__ import annotations

CLAUSES = {
    "Definitions": (
        "\u201cAffiliate\u201d means any entity that directly or indirectly controls, "
        "is controlled "
        "by, or is under common control with a Party.",
        "\u201cConfidential Information\u201d means all non-public information disclosed by either "
        "Party hereunder, whether orally or in writing.",
        "\u201cTerritory\u201d means the United States, its territories and possessions.",
        "\u201cLicensed Products\u201d means the products and materials listed in Schedule 1.",
        "Capitalized terms used but not defined herein shall have the meanings given to them in "
        "the Merger Agreement.",
    ),
    "License Grant": (
        "Subject to the terms and conditions of this Agreement, {A} hereby grants to {B} an "
        "exclusive, worldwide, non-transferable license to use, reproduce and distribute the "
        "Licensed Products in the Territory.",
        "{B} shall not sublicense any of its rights hereunder without the prior written "
        "consent of {A}.",
        "All rights not expressly granted herein are reserved by {A}.",
    ),
    "Payment Terms": (
        "All payments hereunder shall be made in U.S. dollars by wire transfer to the account "
        "designated by {A}. Certain payment terms have been omitted [***].",
        "Late payments shall bear interest at the rate of one percent (1%) per month.",
        "{B} shall keep complete and accurate records and {A} may audit such records once per "
        "calendar year upon reasonable notice.",
    ),
    "Insurance": (
        "{A} shall maintain, at its own expense, commercial general liability insurance with "
        "limits of not less than the amounts set forth in Exhibit B and shall name {B} as an "
        "additional insured.",
    ),
    "Dispute Resolution": (
        "Any dispute, controversy or claim arising out of or relating to this Agreement shall be "
        "finally settled by binding arbitration administered by the American Arbitration "
        "Association.",
        "Each Party irrevocably submits to the exclusive jurisdiction of the state and federal "
        "courts located in the county of its principal office.",
    ),
    "Non-Solicitation": (
        "During the Term and for one (1) year thereafter, neither Party shall solicit for "
        "employment any employee of the other Party without its prior written consent.",
    ),
    "Services": (
        '{A} shall perform the services described in Exhibit A (the "Services") in a '
        "professional and workmanlike manner.",
        "{B} shall provide {A} with timely access to such information and personnel as "
        "{A} reasonably requires to perform its obligations hereunder.",
        "Any change to the scope of the Services shall be agreed in a written change order "
        "signed by both Parties.",
    ),
    "Confidentiality": (
        "Each Party shall hold the Confidential Information of the other Party in strict "
        "confidence and shall not disclose it to any third party without prior written consent.",
        "The obligations in this Section shall survive termination of this Agreement for a "
        "period of five (5) years.",
        "During the term of this Agreement and for a period of three (3) years after its "
        "termination, each Party shall protect the other Party's Confidential Information.",
        "Confidential Information does not include information that is or becomes publicly "
        "available through no fault of the receiving Party.",
    ),
    "Termination": (
        "Either Party may terminate this Agreement upon thirty (30) days' written notice if the "
        "other Party materially breaches this Agreement and fails to cure such breach.",
        "Upon termination, {B} shall pay {A} all amounts accrued through the date of termination.",
        "Sections relating to confidentiality, indemnification and limitation of liability "
        "shall survive any expiration or termination hereof.",
    ),
    "Indemnification": (
        "{A} shall indemnify, defend and hold harmless {B} and its affiliates from and against "
        "any and all losses, damages, liabilities, costs and expenses arising out of any third "
        "party claim resulting from {A}'s gross negligence or willful misconduct.",
        "The indemnified Party shall give prompt written notice of any claim for which "
        "indemnification is sought hereunder.",
    ),
    "Limitation of Liability": (
        "IN NO EVENT SHALL EITHER PARTY BE LIABLE FOR ANY INDIRECT, INCIDENTAL, SPECIAL OR "
        "CONSEQUENTIAL DAMAGES ARISING OUT OF OR RELATING TO THIS AGREEMENT.",
        "Each Party's aggregate liability under this Agreement shall not exceed the fees paid "
        "in the twelve (12) months preceding the event giving rise to the liability.",
    ),
    "Representations and Warranties": (
        "Each Party represents and warrants that it has full corporate power and authority to "
        "enter into and perform this Agreement.",
        "{A} warrants that the deliverables will conform in all material respects to the "
        "specifications set forth herein.",
    ),
    "Intellectual Property": (
        "All intellectual property rights in the deliverables shall vest in {B} upon payment "
        "in full, except for {A}'s pre-existing materials.",
        "{A} hereby grants to {B} a non-exclusive, non-transferable, royalty-free license to use "
        "such pre-existing materials solely in connection with the deliverables.",
    ),
    "Notices": (
        "All notices under this Agreement shall be in writing and delivered by hand, by "
        "registered mail or by nationally recognized courier to the addresses set forth below.",
    ),
    "Assignment": (
        "Neither Party may assign or transfer this Agreement without the prior written consent "
        "of the other Party, which consent shall not be unreasonably withheld.",
    ),
    "Force Majeure": (
        "Neither Party shall be liable for any failure or delay in performance caused by events "
        "beyond its reasonable control, including acts of God, war, strikes or epidemics.",
    ),
    "Miscellaneous": (
        "This Agreement constitutes the entire agreement between the Parties and supersedes all "
        "prior agreements and understandings, whether written or oral.",
        "This Agreement may be executed in counterparts, each of which shall be deemed an "
        "original and all of which together shall constitute one instrument.",
        "No amendment or waiver of any provision of this Agreement shall be effective unless "
        "in writing and signed by both Parties.",
    ),
}
