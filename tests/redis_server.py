"""A real redis-server on 127.0.0.1 for the tests, and its pytest fixtures.

The server runs without persistence (`--save ""`, `--appendonly no`), so restart() loses
every key. `make test` installs Debian's redis-server package when it is missing.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

# Seconds that a started server may take to reply to PING, and a stopped one to exit.
START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on at the moment of the call."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """A redis-server subprocess bound to 127.0.0.1 on one port for its whole life."""

    def __init__(self, executable: str, directory: Path) -> None:
        self.executable = executable
        self.directory = directory
        self.port = free_port()
        self.log_path = directory / "redis-server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """redis:// URL of the server, database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        """Whether the subprocess has been started and has not exited."""
        return self.process is not None and self.process.poll() is None

    def client(self, socket_timeout: float = 2.0) -> redis.Redis:
        """Return a new client of the server that does not retry failed commands."""
        return redis.Redis(
            host="127.0.0.1",
            port=self.port,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            retry=Retry(NoBackoff(), 0),
        )

    def start(self) -> None:
        """Start the server and wait until it replies to PING, or raise RuntimeError."""
        command = [
            self.executable,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--dir",
            str(self.directory),
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )

        deadline = time.monotonic() + START_TIMEOUT
        probe = self.client(socket_timeout=0.5)
        try:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"redis-server on 127.0.0.1:{self.port} exited with status"
                        f" {self.process.returncode} before replying to PING; its log:\n"
                        + self.log_tail()
                    )
                try:
                    if probe.ping():
                        return
                except redis.RedisError:
                    pass
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"redis-server on 127.0.0.1:{self.port} did not reply to PING within"
                        f" {START_TIMEOUT:g} s; its log:\n" + self.log_tail()
                    )
                time.sleep(0.05)
        finally:
            probe.close()

    def stop(self) -> None:
        """Stop the server: SIGTERM, then SIGKILL if it has not exited within STOP_TIMEOUT."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)
        self.process = None

    def restart(self) -> None:
        """Stop the server and start it again on the same port, with no keys."""
        self.stop()
        self.start()

    def log_tail(self, lines: int = 20) -> str:
        """Return the last lines of the server's log."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(log {self.log_path} unreadable: {exc})"
        return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """Provide one redis-server for the whole test session; fail when it is not installed."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail(
            "redis-server is not installed; run `make test`, which installs Debian's"
            " redis-server package before running pytest"
        )
    server = RedisServer(executable, tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_client(redis_server: RedisServer) -> Iterator[redis.Redis]:
    """Provide a client of a running server whose databases were flushed before the test."""
    if not redis_server.running:
        redis_server.start()
    client = redis_server.client()
    client.flushall()
    try:
        yield client
    finally:
        client.close()
