from __future__ import annotations

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
