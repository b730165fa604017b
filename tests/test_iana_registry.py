"""Every code of the IANA "SMTP Enhanced Status Codes" registry and every reply code of RFC 5321
section 4.2.3 and its extensions holds a defined reason (probe round 29, probe29-codes).

The registry (https://www.iana.org/assignments/smtp-enhanced-status-codes, last updated
2024-12-06) enumerates X.s.d codes without a class; each is held here in class 5 and, where the
registry's basic codes or practice give a temporary form, in class 4 (rules/status-codes.toml
header). The reason written beside each code is the one its registry description implies in
this project's vocabulary (rules/reasons.toml); "" means the code alone says too little, and the
reply code then decides (the code's subject's "other" code is not asked for it).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bounce_analyzer.api import classify

ROOT = Path(__file__).resolve().parent.parent
STATUS = {e["code"]: e for e in tomllib.loads((ROOT / "rules/status-codes.toml").read_text("utf-8"))["status"]}
REPLY = {e["code"]: e for e in tomllib.loads((ROOT / "rules/reply-codes.toml").read_text("utf-8"))["reply"]}
REASONS = set(tomllib.loads((ROOT / "rules/reasons.toml").read_text("utf-8")))

# (X.s.d, registry description, reference, reason in class 5, reason in class 4 or None when the
# registry gives the code a permanent basic code only)
REGISTRY = [
    ("0.0", "Other undefined status", "RFC 3463", "", ""),
    ("1.0", "Other address status", "RFC 3463", "userunknown", ""),
    ("1.1", "Bad destination mailbox address", "RFC 3463", "userunknown", "userunknown"),
    ("1.2", "Bad destination system address", "RFC 3463", "hostunknown", "hostunknown"),
    ("1.3", "Bad destination mailbox address syntax", "RFC 3463", "userunknown", "userunknown"),
    ("1.4", "Destination mailbox address ambiguous", "RFC 3463", "userunknown", "userunknown"),
    ("1.5", "Destination address valid", "RFC 3463", "", ""),
    ("1.6", "Destination mailbox has moved, no forwarding address", "RFC 3463", "hasmoved", "hasmoved"),
    ("1.7", "Bad sender's mailbox address syntax", "RFC 3463", "rejected", "rejected"),
    ("1.8", "Bad sender's system address", "RFC 3463", "rejected", "rejected"),
    ("1.9", "Message relayed to non-compliant mailer", "RFC 3886", "", ""),
    ("1.10", "Recipient address has null MX", "RFC 7505", "notaccept", "notaccept"),
    ("2.0", "Other or undefined mailbox status", "RFC 3463", "", ""),
    ("2.1", "Mailbox disabled, not accepting messages", "RFC 3463", "suspend", "suspend"),
    ("2.2", "Mailbox full", "RFC 3463", "mailboxfull", "mailboxfull"),
    ("2.3", "Message length exceeds administrative limit", "RFC 3463", "exceedlimit", "exceedlimit"),
    ("2.4", "Mailing list expansion problem", "RFC 3463", "systemerror", "systemerror"),
    ("3.0", "Other or undefined mail system status", "RFC 3463", "systemerror", "systemerror"),
    ("3.1", "Mail system full", "RFC 3463", "systemfull", "systemfull"),
    ("3.2", "System not accepting network messages", "RFC 3463", "systemerror", "systemerror"),
    ("3.3", "System not capable of selected features", "RFC 3463", "systemerror", "systemerror"),
    ("3.4", "Message too big for system", "RFC 3463", "mesgtoobig", "mesgtoobig"),
    ("3.5", "System incorrectly configured", "RFC 3463", "systemerror", "systemerror"),
    ("3.6", "Requested priority was changed", "RFC 6710", "", ""),
    ("4.0", "Other or undefined network or routing status", "RFC 3463", "networkerror", "networkerror"),
    ("4.1", "No answer from host", "RFC 3463", "networkerror", "expired"),
    ("4.2", "Bad connection", "RFC 3463", "networkerror", "networkerror"),
    ("4.3", "Directory server failure", "RFC 3463", "networkerror", "networkerror"),
    ("4.4", "Unable to route", "RFC 3463", "hostunknown", "networkerror"),
    ("4.5", "Mail system congestion", "RFC 3463", "systemerror", "systemerror"),
    ("4.6", "Routing loop detected", "RFC 3463", "networkerror", "networkerror"),
    ("4.7", "Delivery time expired", "RFC 3463", "expired", "expired"),
    ("5.0", "Other or undefined protocol status", "RFC 3463", "syntaxerror", "syntaxerror"),
    ("5.1", "Invalid command", "RFC 3463", "syntaxerror", "syntaxerror"),
    ("5.2", "Syntax error", "RFC 3463", "syntaxerror", "syntaxerror"),
    ("5.3", "Too many recipients", "RFC 3463", "toomanyconn", "toomanyconn"),
    ("5.4", "Invalid command arguments", "RFC 3463", "syntaxerror", "syntaxerror"),
    ("5.5", "Wrong protocol version", "RFC 3463", "syntaxerror", "syntaxerror"),
    ("5.6", "Authentication Exchange line is too long", "RFC 4954", "securityerror", "securityerror"),
    ("6.0", "Other or undefined media error", "RFC 3463", "contenterror", "contenterror"),
    ("6.1", "Media not supported", "RFC 3463", "contenterror", "contenterror"),
    ("6.2", "Conversion required and prohibited", "RFC 3463", "contenterror", "contenterror"),
    ("6.3", "Conversion required but not supported", "RFC 3463", "contenterror", "contenterror"),
    ("6.4", "Conversion with loss performed", "RFC 3463", "contenterror", "contenterror"),
    ("6.5", "Conversion failed", "RFC 3463", "contenterror", "contenterror"),
    ("6.6", "Message content not available", "RFC 4468", "contenterror", "contenterror"),
    ("6.7", "Non-ASCII addresses not permitted for that sender/recipient", "RFC 6531", "contenterror", "contenterror"),
    ("6.8", "UTF-8 string reply is required, but not permitted by the SMTP client", "RFC 6531", "contenterror", "contenterror"),
    ("6.9", "UTF-8 header message cannot be transferred to one or more recipients", "RFC 6531", "contenterror", "contenterror"),
    ("6.10", "UTF-8 string reply required (duplicate of X.6.8, deprecated)", "RFC 6531", "contenterror", "contenterror"),
    ("7.0", "Other or undefined security status", "RFC 3463", "policyviolation", "policyviolation"),
    ("7.1", "Delivery not authorized, message refused", "RFC 3463", "policyviolation", "policyviolation"),
    ("7.2", "Mailing list expansion prohibited", "RFC 3463", "policyviolation", "policyviolation"),
    ("7.3", "Security conversion required but not possible", "RFC 3463", "securityerror", "securityerror"),
    ("7.4", "Security features not supported", "RFC 3463", "securityerror", "securityerror"),
    ("7.5", "Cryptographic failure", "RFC 3463", "securityerror", "securityerror"),
    ("7.6", "Cryptographic algorithm not supported", "RFC 3463", "securityerror", "securityerror"),
    ("7.7", "Message integrity failure", "RFC 3463", "securityerror", "securityerror"),
    ("7.8", "Authentication credentials invalid", "RFC 4954", "securityerror", "securityerror"),
    ("7.9", "Authentication mechanism is too weak", "RFC 4954", "securityerror", "securityerror"),
    ("7.10", "Encryption needed", "RFC 5248", "securityerror", "securityerror"),
    ("7.11", "Encryption required for requested authentication mechanism", "RFC 4954", "securityerror", "securityerror"),
    ("7.12", "A password transition is needed", "RFC 4954", "securityerror", "securityerror"),
    ("7.13", "User Account Disabled", "RFC 5248", "suspend", "suspend"),
    ("7.14", "Trust relationship required", "RFC 5248", "securityerror", "securityerror"),
    ("7.15", "Priority Level is too low", "RFC 6710", "policyviolation", "policyviolation"),
    ("7.16", "Message is too big for the specified priority", "RFC 6710", "mesgtoobig", "mesgtoobig"),
    ("7.17", "Mailbox owner has changed", "RFC 7293", "hasmoved", None),
    ("7.18", "Domain owner has changed", "RFC 7293", "hasmoved", None),
    ("7.19", "RRVS test cannot be completed", "RFC 7293", "", None),
    ("7.20", "No passing DKIM signature found", "RFC 7372", "authfailure", "authfailure"),
    ("7.21", "No acceptable DKIM signature found", "RFC 7372", "authfailure", "authfailure"),
    ("7.22", "No valid author-matched DKIM signature found", "RFC 7372", "authfailure", "authfailure"),
    ("7.23", "SPF validation failed", "RFC 7372", "authfailure", "authfailure"),
    ("7.24", "SPF validation error", "RFC 7372", "authfailure", "authfailure"),
    ("7.25", "Reverse DNS validation failed", "RFC 7372", "requireptr", "requireptr"),
    ("7.26", "Multiple authentication checks failed", "RFC 7372", "authfailure", "authfailure"),
    ("7.27", "Sender address has null MX", "RFC 7505", "rejected", None),
    ("7.28", "Mail flood detected", "draft-levine-mailbomb-header", "speeding", "speeding"),
    ("7.29", "ARC validation failure", "RFC 8617", "authfailure", "authfailure"),
    ("7.30", "REQUIRETLS support required", "RFC 8689", "securityerror", None),
]

CASES = [
    (f"{klass}.{code}", reply, reason, ref)
    for code, _meaning, ref, reason5, reason4 in REGISTRY
    for klass, reply, reason in (("5", "550", reason5), ("4", "450", reason4))
    if reason is not None
]

# Reply codes: (code, reference, reason); "" for the positive and intermediate replies.
REPLIES = [
    ("211", "RFC 5321 4.2.3", ""), ("214", "RFC 5321 4.2.3", ""), ("220", "RFC 5321 4.2.3", ""),
    ("221", "RFC 5321 4.2.3", ""), ("250", "RFC 5321 4.2.3", ""), ("251", "RFC 5321 4.2.3", ""),
    ("252", "RFC 5321 4.2.3", ""), ("354", "RFC 5321 4.2.3", ""), ("235", "RFC 4954 6", ""),
    ("334", "RFC 4954 4", ""), ("253", "RFC 1985 5", ""),
    ("421", "RFC 5321 4.2.3", "systemerror"), ("450", "RFC 5321 4.2.3", "blocked"),
    ("451", "RFC 5321 4.2.3", "systemerror"), ("452", "RFC 5321 4.2.3", "systemfull"),
    ("455", "RFC 5321 4.2.3", "syntaxerror"), ("500", "RFC 5321 4.2.3", "syntaxerror"),
    ("501", "RFC 5321 4.2.3", "syntaxerror"), ("502", "RFC 5321 4.2.3", "syntaxerror"),
    ("503", "RFC 5321 4.2.3", "syntaxerror"), ("504", "RFC 5321 4.2.3", "syntaxerror"),
    ("550", "RFC 5321 4.2.3", "filtered"), ("551", "RFC 5321 4.2.3", "hasmoved"),
    ("552", "RFC 5321 4.2.3", "mailboxfull"), ("553", "RFC 5321 4.2.3", "userunknown"),
    ("554", "RFC 5321 4.2.3", "policyviolation"), ("555", "RFC 5321 4.2.3", "syntaxerror"),
    ("432", "RFC 4954 6", "securityerror"), ("454", "RFC 4954 6; RFC 3207 4", "securityerror"),
    ("530", "RFC 4954 6; RFC 3207 4", "securityerror"), ("534", "RFC 4954 6", "securityerror"),
    ("535", "RFC 4954 6", "securityerror"), ("538", "RFC 4954 6", "securityerror"),
    ("458", "RFC 1985 5", "systemerror"), ("459", "RFC 1985 5", "rejected"),
    ("521", "RFC 7504 3", "notaccept"), ("556", "RFC 7504 3; RFC 7505", "notaccept"),
    ("523", "RFC 5248 (X.7.10)", "securityerror"), ("525", "RFC 5248 (X.7.13)", "suspend"),
]


def test_registry_list_is_whole() -> None:
    assert len(REGISTRY) == 81  # X.0.0, X.1.0-10, X.2.0-4, X.3.0-6, X.4.0-7, X.5.0-6, X.6.0-10, X.7.0-30
    assert len({code for code, *_ in REGISTRY}) == len(REGISTRY)


def listed(table: dict[str, dict[str, str]], code: str, ref: str, reason: str, where: str) -> dict[str, str]:
    """The code's entry in a code table, which must give it `reason` ("" for none)."""
    entry = table.get(code)
    assert entry is not None, f"{code} ({ref}) is missing from {where}"
    assert entry["reason"] == reason, f"{code} ({ref}): {entry['reason']!r}"
    assert not reason or reason in REASONS
    return entry


@pytest.mark.parametrize(("status", "reply", "reason", "ref"), CASES, ids=[c[0] for c in CASES])
def test_status_code_reason(status: str, reply: str, reason: str, ref: str) -> None:
    entry = listed(STATUS, status, ref, reason, "rules/status-codes.toml")
    assert entry["source"], status
    verdict = classify(f"{reply} {status}").as_dict()
    if reason:
        assert (verdict["reason"], verdict["rule"]) == (reason, f"status:{status}")
    else:  # the code says too little: the reply code decides, not the subject's "other" code
        assert (verdict["reason"], verdict["rule"]) == (REPLY[reply]["reason"], f"reply:{reply}")


@pytest.mark.parametrize(("code", "ref", "reason"), REPLIES, ids=[r[0] for r in REPLIES])
def test_reply_code_reason(code: str, ref: str, reason: str) -> None:
    listed(REPLY, code, ref, reason, "rules/reply-codes.toml")
    if reason:
        verdict = classify(code).as_dict()
        assert (verdict["reason"], verdict["rule"]) == (reason, f"reply:{code}")
