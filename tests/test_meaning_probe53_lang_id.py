"""The Indonesian meaning words (rules/meaning/id.toml, probe53-lang), read in phrasings of our
own (not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Akun penerima tidak ditemukan", "userunknown"),
        ("550 Alamat email tidak terdaftar di server ini", "userunknown"),
        ("550 Nama pengguna tidak dikenal", "userunknown"),
        ("550 Alamat penerima tidak sah", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Nama domain penerima tidak ditemukan", "hostunknown"),
        ("550 Nama domain tidak valid", "hostunknown"),
        # full (X.2.2)
        ("552 Kotak masuk penerima penuh", "mailboxfull"),
        ("452 Akun email telah melebihi kuota", "mailboxfull"),
        ("552 Kotak surat sudah penuh, coba lagi nanti", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Akun email ini telah dinonaktifkan", "suspend"),
        ("550 Akun penerima ditangguhkan", "suspend"),
        ("550 Alamat penerima tidak aktif", "suspend"),
    ],
)
def test_indonesian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:id:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("535 Nama pengguna atau kata sandi tidak valid", "userunknown"),  # a log-in's words
        ("550 Alamat pengirim tidak valid", "userunknown"),  # the sender's address
        (
            "451 Nama domain untuk sementara tidak ditemukan",
            "hostunknown",
        ),  # a lookup failed for now
        ("550 Batas pengiriman harian akun penerima penuh", "mailboxfull"),  # a daily sending limit
        (
            "452 Akun penerima tidak ada ruang tersisa",
            "userunknown",
        ),  # no room left, not an unknown account
    ],
)
def test_indonesian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
