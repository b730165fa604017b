"""A throwaway Dovecot IMAP server for the scan tests.

Started from the installed Debian package (dovecot-imapd) with a configuration written into a
temporary directory: one user in a passwd-file, a Maildir, a listener on a free loopback port,
STARTTLS with a self-signed certificate when `openssl` is there. Nothing outside the temporary
directory is read or written (Dovecot is given its own base_dir and state_dir), and the server is
a child process of the test run, stopped by the fixture.

Messages are put in with IMAP APPEND, as a client would, so that Dovecot owns its files.
"""

from __future__ import annotations

import contextlib
import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

DOVECOT_CANDIDATES = ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")
DOVEADM_CANDIDATES = ("/usr/bin/doveadm", "/usr/local/bin/doveadm")
NOT_INSTALLED = (
    "Dovecot is not installed (Debian package dovecot-imapd: "
    "apt-get install dovecot-imapd); the IMAP scan tests need a real server and are skipped"
)

USER = "bounces"
PASSWORD = "s3cret-for-tests"


def find(candidates: tuple[str, ...], name: str) -> str | None:
    for path in candidates:
        if os.access(path, os.X_OK):
            return path
    return shutil.which(name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_certificate(directory: Path) -> tuple[Path, Path] | None:
    """A self-signed certificate for localhost / 127.0.0.1, or None without openssl."""
    openssl = shutil.which("openssl")
    if not openssl:
        return None
    cert, key = directory / "cert.pem", directory / "key.pem"
    result = subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        capture_output=True, check=False,
    )
    return (cert, key) if result.returncode == 0 else None


class Dovecot:
    """One Dovecot instance in `root`; `url(folder)` is what `scan` is given."""

    def __init__(self, root: Path, *, tls: bool = True) -> None:
        binary = find(DOVECOT_CANDIDATES, "dovecot")
        if binary is None:
            raise FileNotFoundError(NOT_INSTALLED)
        self.binary = binary
        self.doveadm = find(DOVEADM_CANDIDATES, "doveadm")
        self.root = root
        self.port = free_port()
        self.config = root / "dovecot.conf"
        self.log = root / "dovecot.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.tls = make_certificate(root) if tls else None

    @property
    def cafile(self) -> str | None:
        return str(self.tls[0]) if self.tls else None

    def url(self, folder: str = "INBOX") -> str:
        return f"imap://{USER}@localhost:{self.port}/{folder}"

    def write_config(self) -> None:
        root = self.root
        for sub in ("run", "state", "home"):
            (root / sub).mkdir(exist_ok=True)
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        if os.geteuid() == 0:
            # Dovecot refuses mail access as root: the mailbox belongs to "nobody"; its own
            # processes run as the package's users.
            mail = pwd.getpwnam("nobody")
            internal, login = "dovecot", "dovenull"
            group = "dovecot"
            os.chmod(root, 0o755)
            os.chown(root / "home", mail.pw_uid, mail.pw_gid)
            chroot = ""
        else:
            mail = pwd.getpwuid(os.getuid())
            internal = login = mail.pw_name
            group = grp.getgrgid(mail.pw_gid).gr_name
            chroot = "chroot ="  # an unprivileged master cannot chroot its login processes
        ssl = "ssl = no"
        if self.tls:
            cert, key = self.tls
            os.chmod(key, 0o644)  # read by the login process as an unprivileged user
            ssl = f"ssl = yes\nssl_cert = <{cert}\nssl_key = <{key}"
        self.config.write_text(
            f"""# Throwaway configuration written by tests/dovecot.py
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {self.log}
instance_name = bounce-analyzer-test-{self.port}
default_internal_user = {internal}
default_login_user = {login}
default_internal_group = {group}
first_valid_uid = 1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:~/Maildir
protocol imap {{
  mail_max_userip_connections = 100
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail.pw_uid} gid={mail.pw_gid} home={root}/home/%u
}}
service imap-login {{
  {chroot}
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  {chroot}
}}
"""
        )

    def start(self) -> None:
        self.write_config()
        self.process = subprocess.Popen(
            [self.binary, "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
                raise RuntimeError(f"dovecot exited: {error.strip()} {self.log_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"dovecot did not start listening on port {self.port}: {self.log_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""

    # client side helpers, as a mail client would do it

    def client(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=20)
        conn.login(USER, PASSWORD)
        return conn

    def append(self, data: bytes, folder: str = "INBOX") -> None:
        conn = self.client()
        try:
            conn.create(f'"{folder}"')
            status, detail = conn.append(f'"{folder}"', None, None, data)
            assert status == "OK", detail
        finally:
            conn.logout()

    def messages(self, folder: str = "INBOX") -> dict[int, tuple[bytes, set[str]]]:
        """UID -> (message bytes, flags) of a folder ({} when it does not exist)."""
        conn = self.client()
        try:
            status, _ = conn.select(f'"{folder}"', readonly=True)
            if status != "OK":
                return {}
            status, data = conn.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[])")
            found: dict[int, tuple[bytes, set[str]]] = {}
            for item in data:
                if isinstance(item, tuple):
                    head = item[0].decode()
                    uid = int(head.split("UID ", 1)[1].split()[0].rstrip(")"))
                    flags = set(head.split("FLAGS (", 1)[1].split(")", 1)[0].split())
                    found[uid] = (item[1], flags)
            return found
        finally:
            conn.logout()

    def uidvalidity(self, folder: str = "INBOX") -> int:
        conn = self.client()
        try:
            conn.select(f'"{folder}"', readonly=True)
            return int(conn.response("UIDVALIDITY")[1][0])
        finally:
            conn.logout()

    def reset_uidvalidity(self, folder: str = "INBOX") -> None:
        """Renumber a folder as a server does after its index is lost: new UIDVALIDITY, new UIDs.

        Dovecot keeps UIDs in dovecot-uidlist and its index files; without them it assigns a new
        UIDVALIDITY and numbers the messages again (https://doc.dovecot.org/admin_manual/mailbox_formats/maildir/).
        """
        self.stop()
        maildir = self.root / "home" / USER / "Maildir"
        if folder != "INBOX":
            maildir = maildir / ("." + folder)
        for path in maildir.iterdir():
            if path.name.startswith("dovecot") and path.is_file():
                path.unlink()
        time.sleep(1.1)  # UIDVALIDITY is a timestamp: make sure the new one differs
        self.start()


class CuttingProxy:
    """A loopback TCP proxy in front of Dovecot that drops the connection at a chosen command.

    It cuts (closes both sides, as a network failure or a server restart would) just before
    forwarding the `nth` client command containing `marker` (counted over all connections), for
    the first `times` such commands; afterwards it forwards everything. It reads plain IMAP, so
    the server behind it must not offer STARTTLS (Dovecot(..., tls=False)).
    """

    def __init__(self, port: int, marker: bytes, nth: int, times: int = 1) -> None:
        self.target = port
        self.marker = marker
        self.nth = nth
        self.times = times
        self.seen = 0
        self.cuts = 0
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = int(self.listener.getsockname()[1])
        self.closed = False
        threading.Thread(target=self.accept, daemon=True).start()

    def url(self, folder: str = "INBOX") -> str:
        return f"imap://{USER}@127.0.0.1:{self.port}/{folder}"

    def accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self.pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self.pump, args=(server, client, False), daemon=True).start()

    def pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if from_client and self.marker in data and self.should_cut():
                    break
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def should_cut(self) -> bool:
        with self.lock:
            self.seen += 1
            if self.seen >= self.nth and self.cuts < self.times:
                self.cuts += 1
                return True
            return False

    def close(self) -> None:
        self.closed = True
        self.listener.close()


@contextlib.contextmanager
def running(*, tls: bool = True) -> Iterator[Dovecot]:
    """A started Dovecot in its own temporary directory, stopped and removed afterwards.

    Not below pytest's tmp_path: that is private to the test user (mode 0700), and Dovecot's
    unprivileged processes must reach the passwd-file and the Maildir.
    """
    root = Path(tempfile.mkdtemp(prefix="bounce-analyzer-dovecot-"))
    server = Dovecot(root, tls=tls)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
