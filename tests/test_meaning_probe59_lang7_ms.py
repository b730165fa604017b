"""The Malay meaning words (rules/meaning/ms.toml, probe59-lang7), read in phrasings of our own
(not the samples'), and beside them near-misses that must not read so. Words Malay shares with
Indonesian (penerima, penuh) may be read by id.toml's entry first: the reason is what is asked."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Alamat e-mel penerima tidak wujud", "userunknown"),
        ("550 Peti mel tidak ditemui", "userunknown"),
        ("550 Akaun tidak wujud", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Domain tidak wujud", "hostunknown"),
        ("550 Domain penerima tidak ditemui", "hostunknown"),
        # full (X.2.2)
        ("552 Peti surat telah melebihi peruntukan storan", "mailboxfull"),
        ("452 Kotak mel melebihi kuota", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Peti mel dilumpuhkan", "suspend"),
    ],
)
def test_malay_words_read(text: str, reason: str) -> None:
    found = read(text)
    assert found is not None and found[0] == reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("550 Peti mel tidak ditemui", "userunknown"),
        ("550 Domain penerima tidak ditemui", "hostunknown"),
        ("552 Peti surat telah melebihi peruntukan storan", "mailboxfull"),
        ("550 Peti mel dilumpuhkan", "suspend"),
    ],
)
def test_malay_own_words_are_malay_entries(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:ms:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Alamat pengirim tidak wujud", "userunknown"),  # the sender's address
        ("553 Domain pengirim tidak wujud", "hostunknown"),  # the sender's domain
        ("550 Alamat penghantar tidak wujud", "userunknown"),  # the sender's, other word
        ("550 Had penghantaran harian dicapai: peti mel penuh", "mailboxfull"),  # a daily limit
        ("535 Kata laluan salah: pengguna tidak diketahui", "userunknown"),  # a log-in
        ("535 Pengesahihan gagal: akaun dilumpuhkan", "suspend"),  # a log-in
        ("550 Peti mel bukan penuh", "mailboxfull"),  # negated
    ],
)
def test_malay_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
