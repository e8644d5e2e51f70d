"""Wording of everyday office documents: sentences, number labels, line items."""

from __future__ import annotations

OFFICE = (
    "Please review the attached report before the next meeting.",
    "The committee approved the budget for the coming fiscal year.",
    "Comments must be submitted through the Federal eRulemaking Portal.",
    "The agency proposes to amend the regulations to require additional inspections.",
    "This proposed rule would not have a significant economic impact on small entities.",
    "Staff will circulate the revised schedule by the end of the week.",
    "The board reviewed quarterly results and discussed the hiring plan.",
    "Expenditures for the period are shown in the table below.",
    "Residents may contact the office during regular business hours.",
    "The department received funding to expand its outreach program.",
    "Attached please find the documents you requested.",
    "We are pleased to announce the opening of our new branch office.",
    "The motion was seconded and carried unanimously.",
    "Progress on the project has been steady, and the foundation received new support.",
    "Taxpayers must file the return by the due date, including extensions.",
    "See the separate instructions for line-by-line guidance.",
    "Our product delivers outstanding performance at an affordable price.",
    "The report summarizes incidents reviewed by the state during the year.",
    "Thank you for your continued support of our organization.",
    "The meeting was adjourned at 4:30 p.m.",
)
NUMBER_LABELS = ("Invoice Number", "Invoice No.", "Receipt #", "Account Number", "Booking ID")
ITEMS = (
    "Consulting hours",
    "Cloud storage",
    "Hosting package",
    "Office chairs",
    "Licence renewal",
    "Data transfer",
    "Room charges",
    "Catering",
    "Support plan",
    "Printer toner",
    "Freight",
)
