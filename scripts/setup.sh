#!/usr/bin/env bash
# Set-up for a fresh Debian 12 machine, idempotent: Debian packages that are missing, a .venv,
# and the project installed in it. A second run skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng  # OCR
  fonts-ocr-a fonts-liberation fonts-dejavu-core     # fonts the specimens are printed in
  fonts-freefont-ttf                                 # FreeSans/FreeSerif permits and NPWP cards
  poppler-utils                                      # pdftoppm, for looking at PDFs
  chromium                                           # the review desk's browser tests
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: Python >= 3.11 is needed ($PY is $("$PY" --version 2>&1))" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv

# The second reader of the identity numbers (PP-OCRv4 models in the wheel). Installed without
# its dependencies: it requires opencv-python, which would clash with opencv-python-headless;
# its other dependencies are in pyproject.toml. No wheel for Python >= 3.13: the numbers are
# then read without it (extractors/second_reader.py).
SECOND_READER="rapidocr-onnxruntime==1.4.4"

stamp=.venv/.installed-$({ cat pyproject.toml; echo "$SECOND_READER"; } | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "setup: installing the project into .venv"
  log=.venv/pip-install.log
  if ! { .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip &&
         .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup: pip install failed (log above, kept in $log)" >&2
    exit 1
  fi
  if .venv/bin/python -c 'import sys; sys.exit(sys.version_info >= (3, 13))'; then
    if ! .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps \
         "$SECOND_READER" >>"$log" 2>&1; then
      cat "$log" >&2
      echo "setup: pip install $SECOND_READER failed (log above, kept in $log)" >&2
      exit 1
    fi
  else
    echo "setup: no $SECOND_READER for Python >= 3.13: identity numbers read without it"
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
