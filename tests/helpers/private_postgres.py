"""A private PostgreSQL cluster for fault tests that stop and restart the server (the shared one on :5432
must keep running for everything else). Needs root (to run the server as the `postgres` user)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from glob import glob
from pathlib import Path
from types import TracebackType

from tests.helpers.chroma_server import free_port


def available() -> str | None:
    """None when a private cluster can be started here, else why not."""
    if os.geteuid() != 0:
        return "needs root to run PostgreSQL as the postgres user"
    if not glob("/usr/lib/postgresql/*/bin/initdb") or not shutil.which("runuser"):
        return "PostgreSQL server binaries or runuser not installed"
    return None


class PrivatePostgres:
    def __init__(self) -> None:
        self.bin = Path(sorted(glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="ustad-pg-", dir="/tmp"))
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres?connect_timeout=2"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True)  # noqa: S603,S607

    def __enter__(self) -> PrivatePostgres:
        shutil.chown(self.root, "postgres")
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.root / "data"), "-A", "trust", "-U", "postgres"
        )
        self.start()
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._as_postgres(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.root / "data"),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "-w", "stop")

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        time.sleep(0.1)
        shutil.rmtree(self.root, ignore_errors=True)
