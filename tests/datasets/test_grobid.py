"""GROBID's header corpus: TEI labels, feature rows, and the join that HeaderTrainer does.

The fixture corpus in tests/data/grobid/corpus/ is hand-written in GROBID's formats:
``paper1`` has every kind of field, a ligature, a one-row gap and a row that is not in
the TEI; ``paper2`` is paired by file name (its TEI id lost characters); ``header003``
by ``ID._SUFFIX``; ``broken``, ``orphan`` and ``badrows`` cannot be read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo.datasets.grobid import HeaderPaper, join, match_labels, read_corpus, read_paper
from kpo.datasets.grobid_features import FeatureRow, parse_feature_line, read_features
from kpo.datasets.grobid_tei import TeiToken, read_tei, tokenize
from kpo.errors import InputError

CORPUS = Path(__file__).parents[1] / "data" / "grobid" / "corpus"
TEI = CORPUS / "tei"
RAW = CORPUS / "raw"


def row(text: str) -> FeatureRow:
    """A feature row for ``text`` with neutral layout columns."""
    cols = [text, text.lower(), *["x"] * 8, "BLOCKIN", "LINEIN", "ALIGNEDLEFT", "SAMEFONT"]
    cols += [
        "SAMEFONTSIZE",
        "0",
        "0",
        "NOCAPS",
        "NODIGIT",
        *["0"] * 8,
        "NOPUNCT",
        "0",
        "0",
        "0",
        "0",
    ]
    return parse_feature_line(" ".join(cols))


def gold(*pairs: tuple[str, str]) -> list[TeiToken]:
    """TEI tokens from (text, label) pairs; a field begins where its label changes."""
    return [
        TeiToken(text, label, i == 0 or pairs[i - 1][1] != label)
        for i, (text, label) in enumerate(pairs)
    ]


def labels(paper: HeaderPaper) -> list[tuple[str, str]]:
    return [(t.row.text, t.label) for t in paper.tokens]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Smith, J.-P. (2020)", ["Smith", ",", "J", ".", "-", "P", ".", "(", "2020", ")"]),
        ("ada@example.org", ["ada", "@", "example", ".", "org"]),
        ("a 3% rise\u2014x", ["a", "3%", "rise\u2014x"]),  # % and the em dash stay inside
        ("  \t\n ", []),
    ],
)
def test_tokenize_splits_at_grobids_delimiters(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_read_tei_labels_each_element_as_grobid_does() -> None:
    paper_id, tokens = read_tei(TEI / "paper1.training.header.tei.xml")
    assert paper_id == "paper1"  # the leading underscore of xml:id is dropped
    by_label: dict[str, list[str]] = {}
    for t in tokens:
        by_label.setdefault(t.label, []).append(t.text)
    assert by_label["title"] == ["Fine", "field", "tests"]  # <lb/> is a space
    assert by_label["author"] == ["Ada", "Lovelace", "1", ",", "Alan", "Turing", "2"]
    assert by_label["affiliation"] == ["1", "Dept", ".", "of", "Logic"]
    assert by_label["pubnum"] == ["arXiv", ":", "1234", ".", "5678"]
    assert by_label["date"] == ["2020"]
    assert by_label["abstract"] == ["We", "test", "things", "."]
    assert by_label["copyright"] == ["\u00a9", "2020", "Owners"]
    # text outside the fields, and <page> (no longer a header label), are other
    assert by_label["other"] == ["Journal", "of", "Tests", "12", "3"]
    assert [t.text for t in tokens if t.begins] == [
        *("Journal", "Fine", "Ada", "1", "ada", "arXiv", "2020", "3", "We", "\u00a9"),
    ]


def test_parse_feature_line_names_grobids_columns() -> None:
    line = (RAW / "paper1.training.header").read_text(encoding="utf-8").splitlines()[4]
    fine = parse_feature_line(line)
    assert fine.text == "Fine"
    assert (fine.block, fine.line, fine.alignment) == ("BLOCKSTART", "LINESTART", "ALIGNEDLEFT")
    assert (fine.new_font, fine.font_size, fine.bold, fine.italic) == (
        True,
        "HIGHERFONT",
        True,
        False,
    )
    assert (fine.capitals, fine.digits, fine.punctuation) == ("INITCAP", "NODIGIT", "NOPUNCT")
    assert fine.largest_font and not fine.year and not fine.email


def test_parse_feature_line_refuses_a_short_line() -> None:
    with pytest.raises(ValueError, match="5 columns instead of 32"):
        parse_feature_line("Rows rows R Ro BLOCKEND")


def test_match_labels_looks_six_tokens_ahead_and_no_further() -> None:
    tei = gold(*[(f"w{i}", "other") for i in range(8)], ("Title", "title"))
    near = match_labels([row("w0"), row("w7")], tei)  # w7 is 6 past w1: found
    assert [t and t.text for t in near] == ["w0", "w7"]
    far = match_labels([row("Title")], tei)  # 8 tokens ahead of the start: not found
    assert far == [None]


def test_match_labels_compares_unicode_normalised_text() -> None:
    found = match_labels([row("\ufb01eld")], gold(("field", "title")))  # the fi ligature
    assert found[0] is not None and found[0].label == "title"


def test_join_fills_a_one_row_gap_and_drops_other_unmatched_rows() -> None:
    tei = gold(("A", "title"), ("B", "title"), ("C", "title"), ("D", "abstract"), ("E", "other"))
    rows = [row(t) for t in ("A", "B", "zz", "C", "D", "yy", "E")]
    paper = join("p", rows, tei)
    assert labels(paper) == [
        *(("A", "title"), ("B", "title"), ("zz", "title"), ("C", "title")),
        *(("D", "abstract"), ("E", "other")),
    ]
    assert (paper.rows, paper.unmatched, paper.filled) == (7, 1, 1)


def test_join_does_not_fill_a_gap_before_a_new_field_of_the_same_kind() -> None:
    tei = [TeiToken("A", "author", True), TeiToken("B", "author", False)]
    tei.append(TeiToken("C", "author", True))  # GROBID's I-<author>: another author field
    paper = join("p", [row("A"), row("B"), row("zz"), row("C")], tei)
    assert labels(paper) == [("A", "author"), ("B", "author"), ("C", "author")]
    assert [t.begins for t in paper.tokens] == [True, False, True]
    assert (paper.unmatched, paper.filled) == (1, 0)


def test_read_paper_joins_the_fixture_paper() -> None:
    paper = read_paper(TEI / "paper1.training.header.tei.xml", RAW)
    assert isinstance(paper, HeaderPaper)
    assert (paper.paper_id, paper.rows, paper.unmatched, paper.filled) == ("paper1", 40, 1, 1)
    fields = [(t.row.text, t.field) for t in paper.tokens]
    assert fields[4:8] == [
        ("Fine", "title"),
        ("\ufb01eld", "title"),
        ("X7", "title"),
        ("tests", "title"),
    ]
    assert ("Figure", "abstract") not in fields  # in the feature file, not in the TEI
    assert [t for t, f in fields if f == "authors"] == [
        "Ada",
        "Lovelace",
        "1",
        ",",
        "Alan",
        "Turing",
        "2",
    ]
    assert [t for t, f in fields if f == "pubnum"] == ["arXiv", ":", "1234", ".", "5678"]
    assert [t for t, f in fields if f == "date"] == ["2020"]  # not the copyright's 2020
    assert {f for t, f in fields if t in ("Dept", "ada", "Journal", "\u00a9", "3")} == {"other"}


def test_read_corpus_pairs_files_and_reports_what_it_skipped() -> None:
    corpus = read_corpus(CORPUS)
    assert [p.paper_id for p in corpus.papers] == ["p3", "paper1", "paper-2-lost-characters"]
    assert labels(corpus.papers[0]) == [
        ("Third", "title"),
        ("Grace", "author"),
        ("Hopper", "author"),
    ]
    assert labels(corpus.papers[2]) == [("Second", "title"), ("Paper", "title")]
    assert (corpus.rows, corpus.tokens, corpus.unmatched, corpus.filled) == (45, 44, 1, 1)
    skipped = {Path(s.path).name: s.message for s in corpus.skipped}
    assert skipped["badrows.training.header"].startswith("E018")
    assert "line 2: 5 columns" in skipped["badrows.training.header"]
    assert skipped["broken.training.header.tei.xml"].startswith("E018")
    assert skipped["orphan.training.header.tei.xml"].startswith("E019")
    assert "'orphan'" in skipped["orphan.training.header.tei.xml"]


def test_skip_messages_do_not_quote_the_document() -> None:
    messages = " ".join(s.message for s in read_corpus(CORPUS).skipped)
    assert "Confidential" not in messages and "Bad Rows" not in messages


def test_read_features_skips_blank_lines(tmp_path: Path) -> None:
    lines = (RAW / "paper2.training.header").read_text(encoding="utf-8")
    (tmp_path / "f").write_text("\n" + lines + "\n\n", encoding="utf-8")
    assert [r.text for r in read_features(tmp_path / "f")] == ["Second", "Paper"]


def test_read_corpus_refuses_a_folder_without_tei_and_raw(tmp_path: Path) -> None:
    (tmp_path / "tei").mkdir()
    with pytest.raises(InputError, match="E017"):
        read_corpus(tmp_path)
