"""A reason, a colon and the address on one line, marked with "? ", closed by "Your message
could not be delivered as addressed." (CompuServe's Electronic Postmaster, Microsoft KB
Q136413): layouts.UNABLE_TO_DELIVER reads it like Prodigy's unmarked lines. Messages written
here (example addresses); the whole notice is samples/probe24-oldisp-compuserve-*.
"""

from __future__ import annotations

from bounce_analyzer.classifier import load_classifier
from bounce_analyzer.extract import extract
from bounce_analyzer.parse import parse_bytes

MARKED = """\
From: Postmaster <postmaster@mail.example.net>
To: <writer@example.org>
Subject: Undeliverable Message

? Invalid receiver address: ann@example.net
? Invalid receiver address: <bo@example.net>

Your message could not be delivered as addressed.

--- Message From Postmaster ---

To send mail to such an address, send it to "name@organization.example.net".
For instance: J.SMITH@ABC.example.net

--- Returned Message ---

From: writer@example.org
To: ann@example.net, bo@example.net
Subject: Minutes
"""


def test_marked_reason_colon_lines_name_each_recipient_and_its_reason() -> None:
    found = extract(parse_bytes(MARKED.encode()))
    assert found is not None and found.mta == "unable-to-deliver"
    assert [(r.recipient, r.diagnostic) for r in found.records] == [
        ("ann@example.net", "Invalid receiver address"),
        ("bo@example.net", "Invalid receiver address"),
    ]
    assert {load_classifier().classify(r).reason for r in found.records} == {"userunknown"}


def test_the_addressing_help_below_the_closing_sentence_names_no_recipient() -> None:
    """The postmaster's help after "could not be delivered as addressed" writes "For
    instance: J.SMITH@ABC..." in the same reason-colon-address shape: the list ends at the
    closing sentence, so only the marked lines above it are recipients."""
    found = extract(parse_bytes(MARKED.encode()))
    assert found is not None
    assert "J.SMITH@abc.example.net" not in {r.recipient for r in found.records}
    text = MARKED.replace("? Invalid receiver address: ann@example.net\n", "").replace(
        "? Invalid receiver address: <bo@example.net>\n", ""
    )
    found = extract(parse_bytes(text.encode()))
    assert found is None or not found.records
