"""`lawreg serve` really serves: start the command as a user would and fetch a page."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_http(tmp_path: Path):
    env = {**os.environ, "LAWREG_INSTANCE": str(tmp_path / "instance")}
    env.pop("LAWREG_DATABASE_URL", None)
    lawreg = [sys.executable, "-m", "lawreg.cli"]
    subprocess.run([*lawreg, "init"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [*lawreg, "serve", "--port", str(port)], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/laws", timeout=5) as response:
                    body = response.read().decode("utf-8")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode("utf-8", "replace") if server.stdout else ""
                    raise AssertionError(f"lawreg serve did not answer:\n{output}") from None
                time.sleep(0.3)
        assert response.status == 200
        assert 'lang="th"' in body
    finally:
        server.terminate()
        server.wait(timeout=10)
