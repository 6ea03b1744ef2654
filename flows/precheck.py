"""Flow ``precheck_records``: a batch of records (CSV, XLSX, JSON, or the store) → findings.

The rows stream through the checks once (``records.precheck.run_precheck``, in worker
processes); the findings CSV and the HTML report are written as they pass, and the summary
becomes a Prefect table artifact.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from records.precheck import run_precheck
from records.report import PrecheckSummary


@task(cache_policy=NO_CACHE)
def run_checks(source: Path | None, mapping: dict[str, str], status: str | None,
               report: Path | None, findings_csv: Path | None, workers: int) -> PrecheckSummary:
    """Stream the rows through every check into the outputs."""
    return run_precheck(source, mapping, status, report, findings_csv, workers)


@flow(name="precheck_records")
def precheck_records(source: Path | None = None, mapping: dict[str, str] | None = None,
                     status: str | None = None, report: Path | None = None,
                     findings_csv: Path | None = None, workers: int = 2) -> PrecheckSummary:
    """Check a batch of records before submission to OSS (checks in ``workers`` processes)."""
    summary = run_checks(source, mapping or {}, status, report, findings_csv, workers)
    create_table_artifact(
        key="precheck-findings",
        table=[{"kode": c, "jumlah": n} for c, n in summary.by_code.items()] or [{}],
        description=f"Temuan pemeriksaan {summary.source}: {summary.rows_in} baris masuk, "
                    f"{summary.rows} diperiksa, {summary.rows_refused} ditolak, "
                    f"{summary.rows_with_errors} dengan kesalahan",
    )
    return summary
