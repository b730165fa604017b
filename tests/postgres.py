"""A throwaway PostgreSQL server for the history tests.

Started from the installed Debian package (`postgresql`: /usr/lib/postgresql/N/bin) with initdb
and pg_ctl into a temporary directory: a listener on a free loopback port, a Unix socket in the
same directory, password authentication on TCP. Nothing outside the temporary directory is read
or written. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
the package creates (runuser), and the directory is made over to it.

One server per test session; every test gets a database of its own (`Postgres.database()`).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NOT_INSTALLED = (
    "PostgreSQL is not installed (Debian package postgresql: apt-get install postgresql), or "
    "psycopg is not (pip install '.[postgres]'); the PostgreSQL history tests are skipped"
)
USER = "bounces"
PASSWORD = "pg-s3cret-for-tests"


def bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/N/bin holding initdb, or the directory of initdb on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def available() -> bool:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return False
    return bin_dir() is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Postgres:
    """One cluster in `root`; `url(name)` is what `--db` is given (the password in PGPASSWORD)."""

    def __init__(self, root: Path) -> None:
        binaries = bin_dir()
        if binaries is None:
            raise FileNotFoundError(NOT_INSTALLED)
        self.bin = binaries
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.count = 0
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(root, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, *command: str) -> None:
        result = subprocess.run([*self.as_user, *command], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stdout}{result.stderr}")

    def start(self) -> None:
        password_file = self.root / "password"
        password_file.write_text(PASSWORD + "\n")
        if self.as_user:
            owner = pwd.getpwnam("postgres")
            os.chown(password_file, owner.pw_uid, owner.pw_gid)
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, "-A", "scram-sha-256",
                 "--pwfile", str(password_file), "-E", "UTF8", "--locale", "C", "--no-sync")
        # fsync off: a test cluster need not survive a power cut, and commits get 10x cheaper.
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c fsync=off "
                   f"-c synchronous_commit=off -c unix_socket_directories={self.root} "
                   "-c max_connections=50")
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
                 "-o", options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                        "-w", "stop"], capture_output=True, check=False)

    def url(self, name: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{name}"

    def database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        self.count += 1
        name = f"history_{self.count}"
        with psycopg.connect(self.url(), password=PASSWORD, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@contextmanager
def running() -> Iterator[Postgres]:
    root = Path(tempfile.mkdtemp(prefix="ba-postgres-"))
    os.chmod(root, 0o755)
    server = Postgres(root)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
