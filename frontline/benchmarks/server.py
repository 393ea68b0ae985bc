"""A real HTTP server (granian) for the benchmark, and a keep-alive client that reads the
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


# port -> the server's master process id, while it serves (for CPU accounting)
SERVER_PIDS: dict[int, int] = {}


def _command(port: int, workers: int, threads: int) -> list[str]:
    granian = str(Path(sys.executable).with_name("granian"))
    return [
        granian, "--interface", "wsgi", "config.wsgi:application", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--blocking-threads", str(threads), "--log-level", "warning",
    ]  # fmt: skip


@contextmanager
def app_server(*, workers: int = 1, threads: int = 1, env: dict[str, str] | None = None):
    """Serve config.wsgi with granian (the server `make run` starts) on a free loopback port,
    `workers` processes with `threads` WSGI threads each; yield the port."""
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        _command(port, workers, threads),
        cwd=settings.BASE_DIR,
        env={**os.environ, **(env or {})},
    )
    SERVER_PIDS[port] = process.pid
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
            raise RuntimeError("granian did not start")
        yield port
    finally:
        SERVER_PIDS.pop(port, None)
        process.terminate()
        process.wait(timeout=10)


class HttpClient:
    """Keep-alive GETs; returns the server time of each response in milliseconds."""

    def __init__(self, port: int, headers: dict[str, str]):
        self.port = port
        self.headers = {"Host": "127.0.0.1", **headers}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def _response(self, path: str) -> http.client.HTTPResponse:
        self.connection.request("GET", path, headers=self.headers)
        return self.connection.getresponse()

    def get(self, path: str) -> float:
        try:
            response = self._response(path)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closes a keep-alive connection left idle longer than its header-read
            # timeout (30 s in granian), e.g. while a slow floor was measured: open a new one.
            self.connection.close()
            response = self._response(path)
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        timing = response.headers.get("Server-Timing", "")
        return float(timing.split("dur=")[1]) if "dur=" in timing else float("nan")
