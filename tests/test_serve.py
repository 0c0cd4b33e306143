"""`lawreg serve` really serves: start the command as a user would and fetch a page.

Both servers are started: gunicorn (the default) and Werkzeug's development server
(``--dev``).  Each runs in its own process group, killed at the end, so no worker outlives
the test.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_when_up(server: subprocess.Popen, url: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response, response.read().decode("utf-8")
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                output = server.communicate()[0].decode("utf-8", "replace")
                raise AssertionError(f"lawreg serve did not answer:\n{output}") from None
            time.sleep(0.3)


def stop(server: subprocess.Popen) -> str:
    """Stop the server's whole process group (gunicorn's workers too) and return its output."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=20)[0]
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        output = server.communicate()[0]
    except ProcessLookupError:
        output = server.communicate()[0]
    with pytest.raises(ProcessLookupError):  # nothing of the group is left
        os.killpg(server.pid, 0)
    return output.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("options", "banner"),
    [(["--workers", "2", "--threads", "2", "--access-log", "-"], "Booting worker"),
     (["--dev"], "Running on")],
    ids=["gunicorn", "dev"],
)
def test_serve_answers_http(tmp_path: Path, options: list[str], banner: str):
    env = {**os.environ, "LAWREG_INSTANCE": str(tmp_path / "instance")}
    env.pop("LAWREG_DATABASE_URL", None)
    lawreg = [sys.executable, "-m", "lawreg.cli"]
    subprocess.run([*lawreg, "init"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [*lawreg, "serve", "--port", str(port), *options], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        response, body = fetch_when_up(server, f"http://127.0.0.1:{port}/laws")
    finally:
        output = stop(server)
    assert response.status == 200
    assert 'lang="th"' in body
    assert banner in output
    assert response.headers["Server"] == "lawreg"
    assert response.headers.get_all("Server") == ["lawreg"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    if "--access-log" in options:
        assert '"GET /laws HTTP/1.1" 200' in output


def test_debugger_needs_the_development_server(tmp_path: Path):
    env = {**os.environ, "LAWREG_INSTANCE": str(tmp_path / "instance")}
    env.pop("LAWREG_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "lawreg.cli", "serve", "--debug"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--debug needs --dev" in result.stderr
