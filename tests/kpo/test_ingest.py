from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kpo.errors import InputError
from kpo.ingest import discover, ingest


def test_document_id_is_sha256_of_bytes(text_pdf: Path) -> None:
    [file] = ingest([text_pdf])
    assert file.doc_id == hashlib.sha256(text_pdf.read_bytes()).hexdigest()
    assert file.size_bytes == text_pdf.stat().st_size


def test_folders_are_walked_recursively_and_non_pdfs_kept(tmp_path: Path, text_pdf: Path) -> None:
    nested = tmp_path / "in" / "deeper"
    nested.mkdir(parents=True)
    (nested / "b.pdf").write_bytes(text_pdf.read_bytes() + b"\n% changed")
    (tmp_path / "in" / "notes.txt").write_text("not a pdf")
    names = sorted(p.name for p in discover([tmp_path / "in"]))
    assert names == ["b.pdf", "notes.txt"]


def test_same_bytes_twice_is_marked_duplicate_of_the_first(tmp_path: Path, text_pdf: Path) -> None:
    copy = tmp_path / "zz-copy.pdf"
    copy.write_bytes(text_pdf.read_bytes())
    first, second = ingest([text_pdf, copy])
    assert first.duplicate_of is None
    assert second.duplicate_of == first.path
    assert first.doc_id == second.doc_id


def test_a_path_given_twice_is_one_input(text_pdf: Path) -> None:
    assert len(ingest([text_pdf, text_pdf])) == 1


def test_missing_input_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"E004.*nope\.pdf"):
        ingest([tmp_path / "nope.pdf"])


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="E005"):
        ingest([tmp_path / "empty"])
