"""The extraction child process: ``python -m kpo.extractors.sandbox_child MEMORY_MB``.

It caps its own address space, then answers requests until its input closes.
Frames on stdin/stdout are an 8-byte big-endian length and a pickle. A request
is ``(path, doc_id, limits)`` or ``(path, doc_id, limits, ocr_settings)`` (None:
no OCR); OCR (Tesseract runs as this process's child, under the same address-space
cap) may use ``OCR_BUDGET_SHARE`` of the time limit. An answer is ``("ok", ExtractedDocument)`` or
``("error", reason_code, message)``, after ``("pages", count)`` once triage passed and
pdfium could count the pages (the parent's time limit for the document grows with
them: ``Limits.timeout_for``). Pages read by pdfium come before the answer, in
``("window", pages)`` frames as they are made (a page read again by OCR comes once
more), so that neither process holds a long document's pages twice; the ``ok``
document then has no pages of its own. The first frame it writes is ``("ready",)``.
Anything a library prints goes to stderr, never into the answer channel.

The child reads hostile files, so the parent trusts none of its answer: it reads
answers with ``load_answer``, which builds only the record classes an answer is
made of (a pickle naming any other class or function is refused, so a subverted
child cannot make the parent call code).
"""

from __future__ import annotations

import io
import os
import pickle
import sys
from collections.abc import Callable
from functools import partial
from typing import IO, Any

import pypdfium2 as pdfium

from kpo.errors import Errors, ExtractionError
from kpo.extractors.ocr import OcrSettings, ocr_engine
from kpo.extractors.page_stream import PageSink
from kpo.extractors.pdf import extract_document
from kpo.extractors.triage import triage_file
from kpo.frames import cap_memory, read_frame, write_frame
from kpo.reasons import ReasonCode
from kpo.settings import Limits

OCR_BUDGET_SHARE = 0.8  # OCR stops when this share of the time limit is spent
DEFAULT_OCR = OcrSettings()


# Every global an answer frame may name: the records of an extracted document. A page's
# words are one kpo.words.Words, which pickles as a str and two bytes and checks them.
_ANSWER_RECORDS = ("Box", "DocumentMeta", "ExtractedDocument", "Page", "Table")
ANSWER_GLOBALS = frozenset(
    [
        ("kpo.reasons", "ReasonCode"),
        ("kpo.words", "Words"),
        *(("kpo.records", name) for name in _ANSWER_RECORDS),
    ]
)


class _AnswerUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ANSWER_GLOBALS:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of an answer")
        return super().find_class(module, name)


def load_answer(data: bytes) -> Any:
    """Unpickle an answer frame, building nothing but ``ANSWER_GLOBALS`` and plain data."""
    return _AnswerUnpickler(io.BytesIO(data)).load()


def page_count(path: str) -> int | None:
    """The page count pdfium reads from the file's page tree, or None if it cannot."""
    try:
        document = pdfium.PdfDocument(path)
    except Exception:  # a password, a damaged file: extraction says which
        return None
    try:
        return len(document)
    finally:
        document.close()


def answer(
    path: str,
    doc_id: str,
    limits: Limits,
    ocr: OcrSettings | None = DEFAULT_OCR,
    on_pages: Callable[[int], None] | None = None,
    on_window: PageSink | None = None,
) -> tuple[Any, ...]:
    """Triage and extract one file (OCR with ``ocr``, None: none); the answer frame for it.

    ``on_pages`` hears the page count as soon as it is known, before extraction;
    ``on_window`` (None: the answer holds them) the pages, a window at a time.
    """
    try:
        triage_file(path, limits)
        pages = page_count(path)
        if pages is not None and on_pages is not None:
            on_pages(pages)
        budget = OCR_BUDGET_SHARE * limits.timeout_for(pages)
        document = extract_document(
            path, doc_id, max_pages=limits.max_pages, ocr=ocr, ocr_budget_s=budget, sink=on_window
        )
        return ("ok", document)
    except ExtractionError as exc:
        return ("error", exc.code, str(exc))
    except MemoryError:
        return ("error", ReasonCode.MEMORY_LIMIT, Errors.E308.format(limit_mb=limits.memory_mb))
    except Exception as exc:
        why = type(exc).__name__
        return ("error", ReasonCode.INTERNAL, Errors.E314.format(stage="extract", why=why))


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    ocr_engine(DEFAULT_OCR)  # find Tesseract and its languages before the first timed request
    write_frame(answers, ("ready",))
    while (request := read_frame(requests)) is not None:
        path, doc_id, limits = request[:3]
        ocr = request[3] if len(request) > 3 else DEFAULT_OCR
        tell_pages, tell_window = (partial(_tell, answers, kind) for kind in ("pages", "window"))
        reply = answer(path, doc_id, limits, ocr, on_pages=tell_pages, on_window=tell_window)
        write_frame(answers, reply)
        if reply[0] == "error" and reply[1] == ReasonCode.MEMORY_LIMIT:
            return  # the heap may be in a bad state: let the parent start a fresh child


def _tell(answers: IO[bytes], kind: str, value: object) -> None:
    write_frame(answers, (kind, value))


def main(argv: list[str]) -> None:
    cap_memory(int(argv[1]))
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to stderr
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main(sys.argv)
