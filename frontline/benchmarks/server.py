"""A real HTTP server (gunicorn) for the benchmark, and a keep-alive client that reads the
server time each response reports in its Server-Timing header."""

import http.client
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn_server(*, workers: int = 1, threads: int = 1, env: dict[str, str] | None = None):
    """Serve config.wsgi on a free loopback port (one synchronous worker unless told otherwise;
    threads > 1 uses gunicorn's gthread workers); yield the port."""
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    if threads > 1:
        command += ["--threads", str(threads), "--worker-class", "gthread"]
    process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [*command, "--log-level", "warning"],
        cwd=settings.BASE_DIR,
        env={**os.environ, **(env or {})},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


class HttpClient:
    """Keep-alive GETs; returns the server time of each response in milliseconds."""

    def __init__(self, port: int, headers: dict[str, str]):
        self.port = port
        self.headers = {"Host": "127.0.0.1", **headers}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str) -> float:
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        timing = response.headers.get("Server-Timing", "")
        return float(timing.split("dur=")[1]) if "dur=" in timing else float("nan")
