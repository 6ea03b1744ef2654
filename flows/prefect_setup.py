"""Quiet, local-first Prefect settings, applied before Prefect is imported.

Without ``PREFECT_API_URL`` Prefect starts a temporary local server (no UI) whose database lives
in ``INTAKE_DATA_DIR/prefect``; telemetry is off (no network here) and Prefect logs only
warnings unless ``--verbose``. Anything already set in the environment wins, so a real server
(``PREFECT_API_URL=http://host:4200/api``) works unchanged.
"""

from __future__ import annotations

import os

from extractors.privacy import install_log_masking
from extractors.settings import get_settings

_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}


def configure(*, verbose: bool = False) -> None:
    """Set Prefect's environment defaults and mask identity numbers in every log line."""
    if "PREFECT_HOME" not in os.environ:
        home = get_settings().data_dir / "prefect"
        home.mkdir(parents=True, exist_ok=True)
        os.environ["PREFECT_HOME"] = str(home)
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    install_log_masking()
