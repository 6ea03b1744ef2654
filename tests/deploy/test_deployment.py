"""The office deployment of deploy/README.md, end to end on this machine's PostgreSQL.

A Prefect server on PostgreSQL (its own role and database), API basic auth, the work pool with its
``walk-in`` and ``archive`` queues, ``prefect deploy --all`` from ``prefect.yaml``, one worker per
queue; an archive run and, while it runs, a walk-in case, which finishes first; the case read
back from the PostgreSQL store by a process with another data folder, its scans reachable through
the shared scan folder. Everything it starts is stopped at the end, and nothing is left running.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[2]
SPECIMENS = REPO / "samples" / "specimens"
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("INTAKE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
AUTH = "intake:smoke-test-secret"

pytestmark = [pytest.mark.deploy, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin(sql: list[str]) -> None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in sql:
            conn.execute(text(statement))
    engine.dispose()


@pytest.fixture
def databases() -> Iterator[dict[str, str]]:
    """Roles ``prefect_*``/``intake_*`` with passwords, each owning its database (README step 1)."""
    tag = uuid.uuid4().hex[:8]
    base = make_url(PG_URL)
    urls = {}
    for name, driver in (("prefect", "postgresql+asyncpg"), ("intake", "postgresql+psycopg")):
        role, password = f"{name}_smoke_{tag}", uuid.uuid4().hex
        _admin([f"CREATE ROLE {role} LOGIN PASSWORD '{password}'",
                f"CREATE DATABASE {role} OWNER {role}"])
        urls[name] = str(base.set(drivername=driver, username=role, password=password,
                                  database=role).render_as_string(hide_password=False))
    yield urls
    for name in ("prefect", "intake"):
        role = f"{name}_smoke_{tag}"
        _admin([f"DROP DATABASE IF EXISTS {role} WITH (FORCE)", f"DROP ROLE IF EXISTS {role}"])


class Processes:
    """Long-running children, each in its own process group, all stopped at the end."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.children: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                                cwd=REPO, start_new_session=True)
        self.children.append(proc)
        return proc

    def stop(self) -> None:
        for proc in reversed(self.children):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.children:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        for proc in self.children:  # flow-run subprocesses of the workers: same groups
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                continue
            os.killpg(proc.pid, signal.SIGKILL)


def _env(base: dict[str, str], **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "INTAKE_"))}
    env.update(base)
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _flow_run_id(output: str) -> str:
    line = next(ln for ln in output.splitlines() if "flow-run/" in ln)
    return line.rsplit("flow-run/", 1)[1].strip()


def _wait(api: httpx.Client, run_id: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = api.get(f"/flow_runs/{run_id}").json()
        if run["state_type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            return run
        time.sleep(1)
    raise AssertionError(f"flow run {run_id} did not finish in {timeout} s")


def _leftovers(marker: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes()
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker.encode() in environ:
            found.append(f"{proc.name}: {cmd}")
    return found


def test_office_deployment_walk_in_first(databases: dict[str, str], tmp_path: Path) -> None:
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    shared = tmp_path / "scans"  # the share every machine mounts
    marker = f"intake-smoke-{uuid.uuid4().hex}"
    common = {
        "PREFECT_API_URL": api_url, "PREFECT_API_AUTH_STRING": AUTH,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING", "OMP_THREAD_LIMIT": "1",
        "INTAKE_DB_URL": databases["intake"], "INTAKE_FILES_DIR": str(shared),
        "INTAKE_HOME": str(REPO), "INTAKE_SMOKE_MARKER": marker,
    }
    procs = Processes(tmp_path)
    try:
        server_env = _env({k: v for k, v in common.items() if k != "PREFECT_API_URL"},
                          PREFECT_HOME=str(tmp_path / "server-home"),
                          PREFECT_SERVER_DATABASE_CONNECTION_URL=databases["prefect"],
                          PREFECT_SERVER_API_AUTH_STRING=AUTH)
        procs.start("server", [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
                               "--port", str(port), "--no-ui"], server_env)
        api = httpx.Client(base_url=api_url, auth=tuple(AUTH.split(":")), timeout=10)
        deadline = time.monotonic() + 120
        while True:
            try:
                if api.get("/health").json() is True:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.5)
        # health probes are open; the API itself needs the auth string
        assert httpx.post(f"{api_url}/flows/filter", json={}).status_code == 401

        admin = _env(common, PREFECT_HOME=str(tmp_path / "admin-home"),
                     INTAKE_DATA_DIR=str(tmp_path / "admin"))
        prefect = str(BIN / "prefect")
        _run([prefect, "work-pool", "create", "ocr", "--type", "process"], admin)
        _run([prefect, "work-queue", "create", "walk-in", "--pool", "ocr", "--priority", "1"],
             admin)
        _run([prefect, "work-queue", "create", "archive", "--pool", "ocr", "--priority", "10",
              "--limit", "1"], admin)
        _run([prefect, "--no-prompt", "deploy", "--all"], admin)

        for queue, limit in (("walk-in", "2"), ("archive", "1")):
            procs.start(f"worker-{queue}", [prefect, "worker", "start", "--pool", "ocr",
                                            "--work-queue", queue, "--limit", limit,
                                            "--name", f"smoke-{queue}"],
                        _env(common, PREFECT_HOME=str(tmp_path / f"{queue}-home"),
                             INTAKE_DATA_DIR=str(tmp_path / f"worker-{queue}"),
                             PREFECT_WORKER_QUERY_SECONDS="1"))

        box = tmp_path / "arsip" / "kotak-01"
        box.mkdir(parents=True)
        for copy in range(3):  # long enough that a walk-in case cannot wait for its end
            for case in ("case_002", "case_003", "case_004", "case_005", "case_006"):
                for f in (SPECIMENS / case).iterdir():
                    if f.name != "truth.json":  # other bytes each copy: no hash is known
                        (box / f"{copy}-{case}-{f.name}").write_bytes(
                            f.read_bytes() + bytes([copy]) * 16)
        archive_run = _flow_run_id(_run(
            [prefect, "deployment", "run", "digitise_archive/digitise-archive",
             "--param", f'sources=["{box}"]'], admin))
        deadline = time.monotonic() + 120
        while api.get(f"/flow_runs/{archive_run}").json()["state_type"] != "RUNNING":
            assert time.monotonic() < deadline, "the archive run never started"
            time.sleep(0.5)

        walk_in = SPECIMENS / "case_001"
        paths = ",".join(f'"{walk_in / n}"' for n in ("ktp.jpg", "npwp.jpg", "permit.tif"))
        walk_in_run = _flow_run_id(_run(
            [prefect, "deployment", "run", "intake_case/intake-case", "--param",
             f"paths=[{paths}]"], admin))
        walk_done = _wait(api, walk_in_run, 240)
        assert walk_done["state_type"] == "COMPLETED", (tmp_path / "worker-walk-in.log").read_text()
        archive_now = api.get(f"/flow_runs/{archive_run}").json()
        assert archive_now["state_type"] == "RUNNING", "the walk-in case waited for the archive"
        archive_done = _wait(api, archive_run, 900)
        assert archive_done["state_type"] == "COMPLETED", (
            (tmp_path / "worker-archive.log").read_text())

        # The desk on another machine: another data folder, the same store and scan share.
        check = (
            "from records.store import Store\n"
            "s = Store()\n"
            "cases = s.list_cases()\n"
            "walk = [c for c in cases if c.kind == 'walk_in']\n"
            "assert len(walk) == 1, cases\n"
            "case = s.get_case(walk[0].id)\n"
            "assert len(case.files) == 3, case.files\n"
            "for f in case.files:\n"
            "    p = s.file_path(f)\n"
            f"    assert p.is_file() and str(p).startswith({str(shared)!r}), p\n"
            "print(len(cases))\n"
        )
        out = _run([sys.executable, "-c", check],
                   _env(common, INTAKE_DATA_DIR=str(tmp_path / "desk"),
                        PREFECT_HOME=str(tmp_path / "desk-home")))
        assert int(out.strip()) >= 6
    finally:
        procs.stop()
    time.sleep(1)
    assert _leftovers(marker) == []
