from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bounce_analyzer import meaning
from bounce_analyzer import rules as rulebook
from bounce_analyzer.extract import extract
from bounce_analyzer.model import DeliveryRecord, Extraction
from bounce_analyzer.parse import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"

# The samples the mailbox-scanning tests deliver: bounces, a non-bounce, one that arrives later.
SCAN_BOUNCES = (
    "rfc3464-single-userunknown.eml",
    "rfc3464-multiple-recipients.eml",
    "rfc3464-crlf-mailboxfull.eml",
)
NOT_BOUNCE = "not-a-bounce.eml"
LATER = "rfc3464-expired.eml"

# A user rule file as the README documents it: a local table's "User unknown" is our own fault.
USER_RULE = '''
[[rule]]
id = "local-virtual-table-is-stale"
reason = "systemerror"
pattern = \'\'\'user unknown in virtual mailbox table\'\'\'
source = "our own mail server: the virtual table was being rebuilt"
examples = ["550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in virtual mailbox table"]
explanation_en = "Our relay's table was being rebuilt; the address is fine."
explanation_zh = "我们的中继正在重建地址表,该地址没有问题。"
'''


def extracted(text: str) -> Extraction | None:
    """What `extract` finds in a message given as text."""
    return extract(parse_bytes(text.encode("utf-8")))


def records(text: str) -> dict[str, DeliveryRecord]:
    """The records `extract` finds in a message given as text, by recipient (some expected)."""
    found = extracted(text)
    assert found is not None
    return {r.recipient: r for r in found.records}


def meaning_of(text: str) -> tuple[str, str] | None:
    """(reason, entry id) the meaning tier reads in a server's text, as the classifier asks it."""
    return meaning.recognise(rulebook.normalise_text(text))


def reason_of(text: str) -> str | None:
    """The reason alone of `meaning_of`, or None."""
    found = meaning_of(text)
    return found[0] if found else None


@pytest.fixture
def samples() -> Path:
    return SAMPLES


def corpus_or_skip() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not present at {CORPUS}")
    return CORPUS


def wait_until(condition: Callable[[], object], seconds: float = 30.0) -> None:
    """Poll until condition() is true; a history database still being created counts as not yet."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except sqlite3.Error:
            pass
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Any]:
    """A throwaway PostgreSQL cluster for the whole run (tests/postgres.py); skipped, saying so,
    where PostgreSQL or psycopg is not installed (.ci/run installs both)."""
    from .postgres import NOT_INSTALLED, available, running

    if not available():
        pytest.skip(NOT_INSTALLED)
    with running() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new empty database on the test cluster; its password in PGPASSWORD, as a user sets it."""
    from .postgres import PASSWORD

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    return str(postgres_server.database())


@pytest.fixture(params=["sqlite", "postgresql"])
def history(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A history database name for each backend: a SQLite file, a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "history.sqlite3")
    return str(request.getfixturevalue("postgres_url"))


@contextmanager
def small_file_system(size: str = "512k") -> Iterator[Path]:
    """A tmpfs of `size` mounted for the test (a full disk on demand); skipped where this
    process may not mount (not root)."""
    import subprocess
    import tempfile

    where = Path(tempfile.mkdtemp(prefix="ba-small-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        where.rmdir()
        pytest.skip("cannot mount a small tmpfs here (needs root): the full-disk test is skipped")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)
        where.rmdir()


def benchmark(name: str) -> Any:
    """A module of benchmarks/ (not a package), loaded from its file."""
    import importlib.util
    import sys

    key = f"bench_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
