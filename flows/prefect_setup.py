"""Quiet, local-first Prefect settings, applied before Prefect is imported.

Without ``PREFECT_API_URL`` Prefect starts a temporary local server (no UI) whose database lives
in ``INTAKE_DATA_DIR/prefect``; telemetry is off (no network here) and Prefect logs only
warnings unless ``--verbose``. Anything already set in the environment wins, so a real server
(``PREFECT_API_URL=http://host:4200/api``) works unchanged.
"""

from __future__ import annotations

import contextlib
import os

from core.privacy import install_log_masking
from core.settings import get_settings

_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}


_LOCAL = contextlib.ExitStack()
_configured = False


def local_run_settings() -> contextlib.AbstractContextManager[object]:
    """Flow-run heartbeats off when Prefect runs with its temporary local server.

    Heartbeats let a server spot crashed runs; with the temporary server nothing watches them,
    and stopping the heartbeat thread costs about a second at the end of every flow run. With
    ``PREFECT_API_URL`` set (a real server) they stay on. Threads that run flows enter this
    themselves (Prefect's settings context does not follow a new thread).
    """
    if os.environ.get("PREFECT_API_URL"):
        return contextlib.nullcontext()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


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
    global _configured
    if not _configured:  # once per process, for the main thread
        _LOCAL.enter_context(local_run_settings())
        _configured = True
