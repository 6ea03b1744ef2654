"""Quiet, local-first Prefect settings, applied before Prefect is imported.

Without ``PREFECT_API_URL`` Prefect starts a temporary local server (no UI) whose database lives
in ``INTAKE_DATA_DIR/prefect``; telemetry is off (no network here) and Prefect logs only
warnings unless ``--verbose``. Anything already set in the environment wins, so a real server
(``PREFECT_API_URL=http://host:4200/api``) works unchanged.

A temporary server never outlives the process that started it: each one gets a guard, a tiny
process holding a pipe from its starter; when the starter ends in any way (also ``kill -9``)
the pipe closes and the guard stops the server (SIGTERM, SIGKILL after five seconds).

:func:`use_prefect` says whether a walk-in scan, a desk upload or a precheck should run through
Prefect: with a server named by ``PREFECT_API_URL`` (or ``INTAKE_PREFECT=always``) yes; otherwise
their steps run in-process, since the temporary server alone takes seconds to start.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import subprocess
import sys
from types import ModuleType
from typing import Any

from core.privacy import install_log_masking
from core.settings import get_settings

_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}
SERVER_MODULE = "prefect.server.api.server"

_LOCAL = contextlib.ExitStack()
_configured = False

_GUARD_CODE = r"""
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
pids = set()
for line in sys.stdin:
    pids.add(int(line))

def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rpartition(")")[2].split()[0]
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            ours = b"uvicorn" in fh.read()
    except OSError:
        return False
    return ours and state not in ("Z", "X")

for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 2.0)):
    pids = {p for p in pids if alive(p)}
    for pid in pids:
        try:
            os.kill(pid, sig)
        except OSError:
            pass
    end = time.monotonic() + wait
    while pids and time.monotonic() < end:
        time.sleep(0.05)
        pids = {p for p in pids if alive(p)}
"""


class _Guard:
    """The guard process of this process's temporary servers (started on first use)."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.owner = 0

    def protect(self, pid: int) -> None:
        """Stop process ``pid`` (a uvicorn server) when this process ends, however it ends."""
        if self.process is None or self.owner != os.getpid():  # none yet, or forked since
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _GUARD_CODE], stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )
            self.owner = os.getpid()
        assert self.process.stdin is not None
        self.process.stdin.write(f"{pid}\n".encode())
        self.process.stdin.flush()


_guard = _Guard()


def guard_process(pid: int) -> None:
    """Stop the uvicorn process ``pid`` when this process ends (also on ``kill -9``)."""
    _guard.protect(pid)


def _guard_class(module: ModuleType) -> None:
    """Wrap ``SubprocessASGIServer._run_uvicorn_command``: each server it starts is guarded."""
    cls: Any = module.SubprocessASGIServer
    if getattr(cls, "_intake_guarded", False):
        return
    start = cls._run_uvicorn_command

    def run_guarded(self: Any) -> subprocess.Popen[Any]:
        process = start(self)
        guard_process(process.pid)
        return process

    cls._run_uvicorn_command = run_guarded
    cls._intake_guarded = True


class _GuardOnImport(importlib.abc.MetaPathFinder):
    """Guards Prefect's temporary servers as soon as Prefect imports its server module.

    Importing that module costs over a second, so it is not imported here: this finder waits
    for Prefect to import it (when it starts a temporary server, or in its test harness).
    """

    def find_spec(self, fullname: str, path: Any, target: Any = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname != SERVER_MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader: Any = spec.loader
        exec_module = loader.exec_module

        def exec_and_guard(module: ModuleType) -> None:
            exec_module(module)
            _guard_class(module)

        loader.exec_module = exec_and_guard
        return spec


def guard_temporary_servers() -> None:
    """Make every temporary Prefect server of this process die with it."""
    if SERVER_MODULE in sys.modules:
        _guard_class(sys.modules[SERVER_MODULE])
    elif not any(isinstance(f, _GuardOnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _GuardOnImport())


def use_prefect() -> bool:
    """Run the walk-in and precheck flows through Prefect (a server is named, or wanted)."""
    return bool(os.environ.get("PREFECT_API_URL")) or get_settings().prefect == "always"


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


def configure(*, verbose: bool = False, prefect: bool = True) -> None:
    """Set Prefect's environment defaults and mask identity numbers in every log line.

    ``prefect=False``: this run will not use Prefect (see :func:`use_prefect`), so Prefect is not
    imported here (its import alone takes about a second).
    """
    if "PREFECT_HOME" not in os.environ:
        home = get_settings().data_dir / "prefect"
        home.mkdir(parents=True, exist_ok=True)
        os.environ["PREFECT_HOME"] = str(home)
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    install_log_masking()
    guard_temporary_servers()
    global _configured
    if not _configured and prefect:  # once per process, for the main thread
        _LOCAL.enter_context(local_run_settings())
        _configured = True
