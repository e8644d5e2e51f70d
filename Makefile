# kpo: set-up, demo and tests. Everything the project needs is installed from here.
#   make demo   create .venv, install kpo, run it on the bundled sample batch
#   make test   install system packages the tests use (as root, with apt), create .venv,
#               install kpo with its test extras, run the test suite in a network
#               namespace with loopback only (scripts/loopback-only.sh)
#   make models rebuild the packaged default models (deterministic) from generated data,
#               the real labelled contracts and GROBID's paper headers of
#               ../shared/corpus-train (CORPUS_TRAIN)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
WORKSPACE ?= kpo-workspace
CORPUS_TRAIN ?= ../shared/corpus-train

.PHONY: install install-dev system-deps demo test lint typecheck bench models clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"

install: $(BIN)/python
	$(PIP) install --quiet -e .

install-dev: $(BIN)/python
	$(PIP) install --quiet -e ".[dev]"

demo: install
	$(BIN)/kpo run samples --client demo --workspace $(WORKSPACE)

system-deps:
	scripts/install-system-deps.sh

test: system-deps install-dev
	scripts/loopback-only.sh $(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	PYTHON=$(abspath $(BIN)/python) scripts/typecheck.sh

models: install
	@test -f $(CORPUS_TRAIN)/contracts/labels.jsonl || { echo "make models needs the real \
	labelled contracts at $(CORPUS_TRAIN)/contracts (set CORPUS_TRAIN=...)"; exit 1; }
	@test -d $(CORPUS_TRAIN)/grobid-header/tei || { echo "make models needs GROBID's header \
	corpus at $(CORPUS_TRAIN)/grobid-header (set CORPUS_TRAIN=...)"; exit 1; }
	$(BIN)/kpo train --out models/default --real $(CORPUS_TRAIN)/contracts \
	  --real $(CORPUS_TRAIN)/grobid-header

bench: install-dev
	$(BIN)/python benchmarks/bench_run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
