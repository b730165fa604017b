"""Exchange's delay notice read from its text (no delivery-status part): the administrators'
section is the NDR's, but the introduction says delivery will continue to be attempted, so its
recipients are delayed, not failed (samples/probe44-notfail-exchange-delay-notice-without-report-part)."""

from __future__ import annotations

from .conftest import records

NOTICE = """\
From: postmaster@corp.example.com
To: t.novak@corp.example.com
Subject: Delivery delayed:Quarterly figures
Content-Type: text/plain; charset=us-ascii

Delivery is delayed to these recipients or groups:

Marta Kowalska (m.kowalska@partner.example.pl)

Subject: Quarterly figures

This message hasn't been delivered yet. Delivery will continue to be attempted.

Diagnostic information for administrators:

Generating server: EXHUB01.corp.example.com

m.kowalska@partner.example.pl
Remote Server returned '400 4.4.7 Message delayed'
"""


def test_a_delay_notice_gives_delayed_rows() -> None:
    record = records(NOTICE)["m.kowalska@partner.example.pl"]
    assert (record.action, record.status) == ("delayed", "4.4.7")


def test_an_ndr_with_the_same_section_stays_failed() -> None:
    ndr = NOTICE.replace("Delivery is delayed to these recipients or groups:",
                         "Delivery has failed to these recipients or groups:").replace(
        "This message hasn't been delivered yet. Delivery will continue to be attempted.\n", "")
    assert records(ndr)["m.kowalska@partner.example.pl"].action == "failed"
