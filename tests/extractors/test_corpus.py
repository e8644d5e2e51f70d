"""The real corpus: each broken file gets the outcome broken.jsonl describes.

Skipped when ../shared/corpus is absent. Files are found by what broken.jsonl
says, and the code under test never sees a file name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo.extractors.sandbox import ExtractionSandbox, extract_in_process
from kpo.reasons import ReasonCode
from kpo.records import ExtractedDocument, Failure, InputFile

pytestmark = pytest.mark.corpus

EXPECTED_FAILURES = {
    "broken/encrypted_user_password_pdfplumber.pdf": ReasonCode.ENCRYPTED,
    "broken/encrypted_aes256_pdfminer.pdf": ReasonCode.ENCRYPTED,
    "broken/not_a_pdf_header_only_ocrmypdf.pdf": ReasonCode.NOT_PDF,
    "broken/page_without_contents_ocrmypdf.pdf": ReasonCode.EMPTY,
}
RECOVERED_WITH_TEXT = (
    "broken/corrupted_flate_stream_pdfminer.pdf",
    "broken/truncated_array_object_pypdf.pdf",
    "broken/circular_form_xobjects_pdfminer.pdf",
)


def _file(corpus: Path, name: str) -> InputFile:
    path = corpus / name
    return InputFile(str(path), name, path.stat().st_size)


@pytest.mark.parametrize(("name", "code"), sorted(EXPECTED_FAILURES.items()))
def test_broken_file_fails_with_its_reason(
    corpus: Path, sandbox: ExtractionSandbox, name: str, code: ReasonCode
) -> None:
    result = sandbox.extract(_file(corpus, name))
    assert isinstance(result, Failure)
    assert result.code == code


@pytest.mark.parametrize("name", RECOVERED_WITH_TEXT)
def test_damaged_file_is_extracted_not_hung(
    corpus: Path, sandbox: ExtractionSandbox, name: str
) -> None:
    result = sandbox.extract(_file(corpus, name))
    assert isinstance(result, ExtractedDocument)
    assert len(result.text.split()) > 20


def test_encrypted_with_empty_password_opens_and_needs_ocr(corpus: Path) -> None:
    result = extract_in_process(_file(corpus, "broken/encrypted_no_trailer_id_pypdf.pdf"), ocr=None)
    assert isinstance(result, ExtractedDocument)
    assert result.meta.encrypted and result.meta.page_count == 3
    assert result.text.strip() == ""
    assert all(p.needs_ocr for p in result.pages if p.image_count)
    assert any(p.ocr_reason == "no_text_layer" for p in result.pages)


@pytest.mark.slow
def test_every_labelled_pdf_is_extracted(corpus: Path, sandbox: ExtractionSandbox) -> None:
    for path in sorted((corpus / "pdfs").glob("*/*.pdf")):
        result = sandbox.extract(_file(corpus, str(path.relative_to(corpus))))
        assert isinstance(result, ExtractedDocument), result
        assert result.meta.page_count == len(result.pages) > 0
