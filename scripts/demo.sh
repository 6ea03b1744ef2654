#!/usr/bin/env bash
# The demo of `make demo`: make three synthetic applicants, then read one applicant's files
# through the walk-in intake (Prefect flow, embedded; SQLite store in build/demo-data).
set -euo pipefail
cd "$(dirname "$0")/.."
export INTAKE_DATA_DIR=${INTAKE_DATA_DIR:-$PWD/build/demo-data}
BIN=.venv/bin
$BIN/intake samples --out build/demo --cases 3 --seed 2026
mapfile -t files < <(find build/demo/case_001 -type f ! -name truth.json | sort)
echo
echo "Walk-in intake of build/demo/case_001 (${#files[@]} files):"
$BIN/intake scan "${files[@]}"
