"""Wording of English claims: field labels, form titles, loss descriptions, notices."""

from __future__ import annotations

LABELS = {
    "claim_number": ("CLAIM NUMBER", "Claim No.", "Claim #", "Claim Reference", "CLAIM NO"),
    "policy_number": ("POLICY NUMBER", "Policy No.", "Policy #", "Certificate No.", "POLICY NO"),
    "claimant_name": (
        "NAME OF INSURED",
        "Claimant Name",
        "Insured's Name",
        "Policyholder",
        "CLAIMANT",
    ),
    "date_of_loss": (
        "DATE OF LOSS",
        "Date of Accident",
        "Date of Incident",
        "Loss Date",
        "DATE OF INJURY",
    ),
    "amount_claimed": (
        "AMOUNT CLAIMED",
        "Total Claim Amount",
        "Estimated Loss",
        "Amount of Claim",
        "TOTAL CHARGE",
    ),
}
FORM_TITLES = (
    "PROPERTY LOSS NOTICE",
    "AUTOMOBILE LOSS NOTICE",
    "CLAIM FORM",
    "SWORN STATEMENT IN PROOF OF LOSS",
    "HEALTH INSURANCE CLAIM FORM",
    "WORKERS' COMPENSATION - EMPLOYEE'S CLAIM",
    "TRAVEL INSURANCE CLAIM FORM",
    "NOTICE OF OCCURRENCE / CLAIM",
    "DENTAL CLAIM FORM",
    "LIABILITY CLAIM NOTICE",
)
LOSSES = (
    "Water damage to kitchen and basement caused by a burst pipe.",
    "Rear-end collision at an intersection; damage to bumper and trunk.",
    "Theft of laptop and camera from a locked vehicle.",
    "Slip and fall on a wet floor resulting in a fractured wrist.",
    "Hail damage to roof shingles and gutters.",
    "Emergency outpatient treatment following an accident at work.",
    "Fire in the garage spreading to the utility room.",
    "Trip cancelled due to illness; non-refundable fares claimed.",
)
WARNING = (
    "Any person who knowingly presents a false or fraudulent claim for payment of a loss or "
    "benefit, or knowingly presents false information in an application for insurance, is guilty "
    "of a crime and may be subject to fines and confinement in prison."
)
