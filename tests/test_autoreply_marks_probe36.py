"""Automatic-reply marks added by round 36's audit (probe36-autoaudit): Kopano's out-of-office
reply carries no Auto-Submitted, only "X-Kopano-Vacation: autorespond" (kopano-core
spooler/DAgent.cpp), and its subject is the user's own text."""

from __future__ import annotations

from bounce_analyzer.pipeline import Options, analyze

from .conftest import ROOT

KOPANO_DE = "samples/probe36-autoaudit-kopano-oof-de.eml"


def test_kopanos_out_of_office_reply_is_a_vacation_reply() -> None:
    path = str(ROOT / KOPANO_DE)
    assert list(analyze([path], Options())) == []
    [row] = [r.as_dict() for r in analyze([path], Options(include_vacation=True))]
    assert (row["recipient"], row["reason"], row["bounce"]) == ("jana.wolf@example.de", "vacation", "")
