from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

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
