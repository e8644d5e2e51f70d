"""CUAD's Parties answers become party names: aliases, roles and restatements dropped,
misspellings taken as printed in CUAD's spans."""

from __future__ import annotations

import pytest

from kpo.datasets.cuad_parties import answer_names, convert_parties


@pytest.mark.parametrize(
    ("answer", "names"),
    [
        ('Chase Bank USA, N.A., ("Chase"); You ("Affiliate")', ["Chase Bank USA, N.A."]),
        (
            'NETWORK  1 FINANCIAL, INC. ("NETWORK  1"); Franchisee ("you")',
            ["NETWORK 1 FINANCIAL, INC."],
        ),
        (
            'RSL COM PrimeCall, Inc. ("PrimeCall"); deltathree.com, Inc. '
            '(formerly known as Delta Three, Inc.) ("DeltaThree")',
            ["RSL COM PrimeCall, Inc.", "deltathree.com, Inc."],
        ),
        (
            'Fox Mobile Entertainment, Inc. ("Fox"); '
            'Glu Mobile, Inc. f/k/a Sorrent, Inc. ("Licensee")',
            ["Fox Mobile Entertainment, Inc.", "Glu Mobile, Inc."],
        ),
        (
            "Reed's, Inc. (\"Reed's\"); BC Marketing Concepts Inc., dba Full Sail Brewing Company",
            ["Reed's, Inc.", "BC Marketing Concepts Inc."],
        ),
        (
            'Wells Fargo Bank on behalf of Wells Fargo Trust ("Counterparty"); UBS AG ("UBS AG")',
            ["Wells Fargo Bank", "UBS AG"],
        ),
        (
            'AB Wately, Inc. and all of its subsidiaries and related companies ("ABW" ); '
            "PC QUOTE, INC.",
            ["AB Wately, Inc.", "PC QUOTE, INC."],
        ),
        (
            'Oxbow LLC ("Oxbow"); Global Energy, Inc ("Global"); Oxbow and Global (individually as '
            '"Party" and collectively as the "Parties")',
            ["Oxbow LLC", "Global Energy, Inc"],
        ),
        (
            'Galen (Chemicals) Limited ("GALEN"); Mutual Insurance Corporation of America (MICOA)',
            ["Galen (Chemicals) Limited", "Mutual Insurance Corporation of America"],
        ),
        (
            "VA Partners I, LLC, ValueAct Capital Master Fund, L.P., "
            "Taiwan Fixed Network Co., Ltd. Preparatory Office",
            [
                "VA Partners I, LLC",
                "ValueAct Capital Master Fund, L.P.",
                "Taiwan Fixed Network Co., Ltd. Preparatory Office",
            ],
        ),
        (
            'WYZZ, Inc. and WYZZ Licensee, Inc. ("Licensee"); '
            "Mr. Zheng Qing, Mr. Gu Xianwin and Ms. Chen Weijie",
            [
                "WYZZ, Inc.",
                "WYZZ Licensee, Inc.",
                "Mr. Zheng Qing",
                "Mr. Gu Xianwin",
                "Ms. Chen Weijie",
            ],
        ),
        (
            '(Dragon Systems, Inc. ("Dragon"); [***] ("Agent"); ______ ("Member"))',
            ["Dragon Systems, Inc."],
        ),
        (
            'MINDA INDUSTRIES LIMITED including its successors ("MIL"), '
            'Nirmal K. MINDA including his heirs ("MINDA")',
            ["MINDA INDUSTRIES LIMITED", "Nirmal K. MINDA"],
        ),
        (
            "Securian Funds Trust (\u201cTrust\u201d); \nTrust\u2019s Advantus Money Market Fund",
            ["Securian Funds Trust", "Trust's Advantus Money Market Fund"],
        ),
    ],
)
def test_party_names_lose_aliases_roles_and_restatements(answer: str, names: list[str]) -> None:
    assert answer_names(answer) == names


def test_a_misspelt_party_takes_the_spelling_of_cuads_span_not_a_cut_short_one() -> None:
    answer = 'Mount Kowledge Holdings Inc. ("MA"); AVIONS DE TRANSPORT REGIONAL, G.I.E. ("ATR")'
    spans = ["MOUNT KNOWLEDGE HOLDINGS INC.", "AVIONS DE TRANSPORT REGIONAL"]
    parties = convert_parties(answer, spans)
    assert parties.names == (
        "MOUNT KNOWLEDGE HOLDINGS INC.",
        "AVIONS DE TRANSPORT REGIONAL, G.I.E.",
    )
    assert parties.notes == (
        'party "Mount Kowledge Holdings Inc." spelt as printed: "MOUNT KNOWLEDGE HOLDINGS INC."',
    )
