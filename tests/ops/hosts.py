"""Helpers of the process-level tests: lawreg running in child processes, each with its
own instance folder, the way separate hosts (or a crashed host) run it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]

# A WSGI server of the application on a free port; prints the port, then serves.
SERVER = """
from werkzeug.serving import make_server
from lawreg import create_app
server = make_server("127.0.0.1", 0, create_app(), threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""


def host_env(instance: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a lawreg process on a "host" whose instance folder is ``instance``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAWREG_")}
    env.update(LAWREG_INSTANCE=str(instance), LAWREG_DATABASE_URL=database_url,
               PYTHONPATH=str(PROJECT), **extra)
    return env


def run_python(code: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=PROJECT, capture_output=True,
                          text=True, timeout=timeout)


def run_lawreg(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    code = "import sys; from lawreg.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=PROJECT,
                          capture_output=True, text=True, timeout=timeout)


@contextmanager
def serving(env: dict[str, str]) -> Iterator[str]:
    """A server process of the host ``env`` describes; yields its base URL."""
    process = subprocess.Popen([sys.executable, "-c", SERVER], env=env, cwd=PROJECT,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        if not port:
            raise RuntimeError("the server process did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait(timeout=10)


def wait_until(condition: Callable[[], bool], seconds: float) -> float:
    """Poll ``condition`` until it holds; the seconds it took (raises after ``seconds``)."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"not true within {seconds} s")
        time.sleep(0.1)
    return time.monotonic() - started


def is_running(pid: int) -> bool:
    """Whether ``pid`` is alive (a zombie waiting for its reaper counts as dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")
