#!/usr/bin/env bash
# System packages kpo's full test suite uses, from Debian: PostgreSQL 15 (review queue
# tests), Tesseract (OCR), Chromium (browser tests) and a Java runtime (the test that
# reads a deliverable with Spark). Installs what is missing when
# run as root with apt-get; otherwise says what is missing and carries on (the tests
# that need a missing program skip with a reason).
set -uo pipefail
need=()
command -v initdb >/dev/null 2>&1 || [ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-osd tesseract-ocr-eng tesseract-ocr-heb tesseract-ocr-deu)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
    || echo "warning: could not install ${need[*]}; the tests that need them will skip"
else
  echo "missing system packages (install them with apt-get as root): ${need[*]}"
fi
exit 0
