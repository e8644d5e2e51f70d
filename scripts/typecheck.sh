#!/usr/bin/env bash
# mypy sees the installed layout (kpo.extractors, kpo.models, ...) through a tree of
# symlinks, because the repository keeps those packages beside kpo/, not inside it.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=build/typecheck
rm -rf "$tree" && mkdir -p "$tree/kpo"
for f in kpo/*.py kpo/py.typed; do ln -s "$PWD/$f" "$tree/kpo/"; done
for sub in kpo/*/; do [[ $sub == */__pycache__/ ]] && continue; ln -s "$PWD/$sub" "$tree/kpo/$(basename "$sub")"; done  # kpo/web, ...
for sub in extractors models jobs datasets; do ln -s "$PWD/$sub" "$tree/kpo/$sub"; done
cd "$tree" && exec "${PYTHON:-python}" -m mypy --strict --ignore-missing-imports -p kpo
