"""A temporary Prefect server dies with the process that started it, also on ``kill -9``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PARENT = """
import time
from flows.prefect_setup import configure
configure()
from prefect.server.api.server import SubprocessASGIServer
server = SubprocessASGIServer()
server.start()
print(server.server_process.pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _gone(pids: list[int], seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


def test_sigkill_of_the_parent_stops_its_temporary_server(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"INTAKE_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(REPO)}
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, env=env, cwd=REPO, text=True)
    try:
        assert parent.stdout is not None
        server = int(parent.stdout.readline())
        assert _alive(server)
        assert b"uvicorn" in Path(f"/proc/{server}/cmdline").read_bytes()
        children = _children(parent.pid)
        assert server in children and len(children) == 2  # the server and its guard
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert _gone(children, 15), "the server or its guard outlived a killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_a_normal_exit_leaves_nothing_behind(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"INTAKE_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(REPO)}
    code = PARENT.replace("time.sleep(600)", "import sys; sys.stdin.readline()")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stdin=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                              cwd=REPO, text=True)
    assert parent.stdout is not None and parent.stdin is not None
    int(parent.stdout.readline())
    children = _children(parent.pid)
    parent.stdin.write("\n")
    parent.stdin.flush()
    assert parent.wait(timeout=30) == 0
    assert _gone(children, 10)
