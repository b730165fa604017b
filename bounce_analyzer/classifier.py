"""Delivery record -> classification (reason, bounce, permanent, rule id, explanation, advice).

Precedence, highest first (deterministic; the first level that decides wins):

1. `record.reason_hint` from the extractor, when the format states the reason outright
   (feedback, vacation, delivered, expired ...).                         rule "hint:<reason>"
2. Delivered: Action delivered/relayed/expanded (RFC 3464 2.3.3) or a 2.x.x status.
                                                                       rule "action:<action>"
3. User phrase rules (`--rules PATH`), host-scoped ones first: they exist to fix mistakes.
4. Host-scoped provider rules (`hosts = [...]`, matched on the remote MTA or the recipient
   domain on label boundaries).
5. Plain phrase rules. A clear phrase beats a code: "550 5.1.1 ... has sent too many messages"
   is rate limiting, not an unknown user.
   Within 3-5: higher `priority` first, then file order (files sorted by name, rules in order).
   A plain rule of priority -5 or lower is a fallback (general words: "service unavailable",
   "access denied"): the meaning tier (5b) is asked first, and the rule decides only when the
   tier reads nothing.
   The SMTP stage corrects what a plain phrase rule or the status table (6) decided; host-
   scoped provider rules are taken as written (see `stage`):
   - an unknown-user verdict in answer to DATA becomes "filtered" (`after_data`);
   - before RCPT TO no recipient is named (`envelope_stage`): a "rejected" (sender refused)
     or a verdict about the recipient's mailbox or domain is "blocked" at the greeting or
     to HELO/EHLO (only the host is known there), "rejected" to MAIL FROM (the sender).
   A reason the stage changed is explained by that reason's words, not the rule's.
   A rule may name the commands it answers (`commands`), e.g. an invalid name to HELO.
5b. The meaning tier (meaning.py, rules/meaning/): a subject and a predicate of one reason
   near each other ("the mailbox you wrote to does not exist"), corrected by the SMTP stage
   as a phrase rule is.                                         rule "meaning:en:userunknown"
6. The enhanced status code table: exact code, then class.subject.0, then class.0.0, first
   entry that names a reason (x.0.0 entries say too little and name none; a specific code
   listed with no reason, 5.1.5 or 5.7.19, is not read by its subject's "other" code).
                                                                             rule "status:5.1.1"
6b. Action delayed (RFC 3464 2.3.3) and still no reason: "expired".       rule "action:delayed"
7. The reply code table (RFC 5321 4.2.3 and the seed documents).             rule "reply:550"
8. Nothing matched: "onhold" for a failure with any evidence (a code or the server's words),
   "undefined" when the record carries none.                              rule "none"
   Except that the SMTP stage still says who was refused: at the greeting or to HELO/EHLO
   the host ("blocked"), to MAIL FROM the sender ("rejected").      rule "command:EHLO"

`permanent` is "true" for Action failed, else a 5.x.x status, else a 5xx reply; "false" for
Action delayed / 4.x.x / 4xx, and for 552 in reply to RCPT (RFC 5321 4.5.3.1.10: "too many
recipients" must be treated as temporary); "" for rows that are not failures, and for
failures that carry none of these.
`bounce` comes from the reason's `bounce` in rules/reasons.toml, the one place that says what a
reason implies: "hard" for userunknown, hostunknown, hasmoved, and notaccept when permanent;
"" for rows that are not failures (delivered, feedback, vacation); "soft" otherwise, and for
every row whose Action is delayed (the MTA is still trying: nothing is final yet).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from . import meaning, patterns, prefilter
from . import rules as rulebook
from .model import Classification, DeliveryRecord
from .parse import unfold
from .rulecache import load_cached
from .smtp import REPLY_CODE, find_command, find_reply_code, find_status, find_statuses, value_type

DELIVERED_ACTIONS = frozenset({"delivered", "relayed", "expanded", "deliverable"})
# Besides the reasons about the recipient's mailbox or domain (`mailbox = true` in
# rules/reasons.toml), the stage before RCPT TO rewrites refusals that name no clearer cause.
BEFORE_RCPT_UNCLEAR = frozenset({"onhold", "rejected"})
# A reason the code ladder gave from a generic code (X.Y.0, a bare 550/554) is a guess from the
# code's class; before RCPT TO these guesses cannot hold: no recipient's filter has seen
# anything yet, a policy refusal there is of the host or the sender, and at the greeting no
# command was sent that could have been malformed.
GENERIC_GUESSES = frozenset({"filtered", "policyviolation"})
GREETING_GUESSES = GENERIC_GUESSES | {"syntaxerror"}
BEFORE_RCPT_COMMANDS = frozenset({"CONN", "HELO", "EHLO", "MAIL"})
# Tokens of a Remote-MTA / host text that can be host names ("mx.example.jp (TCP|...)").
HOST_TOKEN = patterns.compile(r"[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9\-]{1,63}){1,10}")
# Codes beyond the first few in a diagnostic are quotes of quotes; looking further costs time.
MAX_CODES = 6
# Phrase-rule outcomes remembered per diagnostic; emptied when full, so memory stays bounded.
MATCH_CACHE = 4096
# A plain phrase rule this low is a fallback: its words are general ("service unavailable",
# "internal error", "access denied", "transaction failed"), so a subject and predicate the
# meaning tier finds in the same text ("concurrency limit reached") say more (is_fallback).
FALLBACK_PRIORITY = -5


# A candidate rule as first_rule keeps it: the rule, whether it is scoped, what it requires.
_Ready = tuple[rulebook.Rule, bool, tuple[tuple[str, ...], ...] | None]


class Classifier:
    """Applies a loaded RuleSet to delivery records. Build it with `load_classifier()`."""

    def __init__(self, ruleset: rulebook.RuleSet) -> None:
        self.ruleset = ruleset
        # What a reason implies is said once, in rules/reasons.toml.
        self.before_rcpt = BEFORE_RCPT_UNCLEAR | {
            name for name, described in ruleset.reasons.items() if described.mailbox
        }
        self._rules = ruleset.rules  # a sequence that may make each rule when asked for
        self._needle_index = ruleset.rule_index()
        # Per rule, once it is first a candidate: the rule, whether it has any scope (codes,
        # hosts, actions, diagnostic types, commands; most rules have none) and the strings
        # each of its alternatives requires (prefilter.required_by_all); its guarded twin
        # apart, made only once the rule is searched.
        self._ready: list[_Ready | None] = [None] * len(self._rules)
        self._twins: list[re.Pattern[str] | None] = [None] * len(self._rules)
        self._matches: dict[
            tuple[str, tuple[str, ...], tuple[str, ...], str, str, str], rulebook.Rule | None
        ] = {}

    # -- the entry point ------------------------------------------------------------------------

    def classify(
        self, record: DeliveryRecord, *, recipient_domain: str = "", lang: str = "en"
    ) -> Classification:
        reason, rule_id, rule, entry = self.decide(record, recipient_domain=recipient_domain)
        described = self.ruleset.reasons[reason]
        permanent = self.permanence(record) if described.failure else ""
        bounce = described.bounce_for(permanent)
        if bounce == "hard" and record.action.strip().lower() == "delayed":
            # RFC 3464 2.3.3: the MTA is still trying; whatever the words, nothing is final
            # yet, and a hard bounce would suppress the address before it gave up.
            bounce = "soft"
        explanation, advice = self.words(reason, rule, entry, lang)
        return Classification(
            reason=reason,
            bounce=bounce,
            permanent=permanent,
            rule=rule_id,
            explanation=explanation,
            advice=advice,
        )

    # -- the decision ---------------------------------------------------------------------------

    def decide(
        self, record: DeliveryRecord, *, recipient_domain: str = ""
    ) -> tuple[str, str, rulebook.Rule | None, rulebook.CodeEntry | None]:
        """(reason, rule id, phrase rule or None, table entry or None), per the precedence above."""
        hint = record.reason_hint.strip().lower()
        if hint in rulebook.VOCABULARY:
            return hint, f"hint:{hint}", None, None
        action = record.action.strip().lower()
        if action in DELIVERED_ACTIONS:
            return "delivered", f"action:{action}", None, None
        if record.status.startswith("2."):
            return "delivered", f"status:{record.status}", None, None

        text = rulebook.normalise_text(record.diagnostic)
        codes = record_codes(record, text)
        if text:
            hosts = record_hosts(record, recipient_domain)
            rule = self.first_rule(
                text, codes, hosts, action, record.diagnostic_type, record.command
            )
            # 5b: no phrase rule knew the words, or only a fallback rule did
            found = meaning.recognise(text) if rule is None or is_fallback(rule) else None
            if rule is not None and found is None:
                # A provider rule already says what that provider's words mean, whatever
                # command they answered (Yahoo checks recipients only after DATA).
                if rule.hosts:
                    return rule.reason, rule.id, rule, None
                reason = self.stage(rule.reason, record, text)
                # The rule's own words describe its reason; a reason the SMTP stage changed
                # is explained by that reason's words instead.
                return reason, rule.id, (rule if reason == rule.reason else None), None
            if found is not None:
                reason = found[0]
                if action in ("failed", "expired", "delayed"):  # the report gives the fate
                    reason = meaning.given_up(found[1]) or reason
                return self.stage(reason, record, text), found[1], None, None

        statuses = unique([record.status, *(c for c in codes if "." in c)])
        chain = status_chain(statuses)
        # A specific status first; an "other" code (X.Y.0) only says which part of the system
        # failed, so a delay notice's own word comes before it.
        for status in [code for code in chain if not code.endswith(".0")]:
            entry = self.ruleset.status.get(status)
            if entry is not None and entry.reason:
                reason = self.stage(entry.reason, record, text)
                return reason, f"status:{entry.code}", None, entry
        if action == "delayed":
            # RFC 3464 2.3.3: still queued and being retried. No phrase or specific status said
            # why, so the delivery is on its way to expiring.
            return "expired", "action:delayed", None, None
        # A specific code the table lists with no reason (5.1.5 "destination address valid",
        # 5.3.6 "requested priority was changed", 5.7.19 "RRVS test cannot be completed") says
        # the code alone tells nothing: its subject's "other" code is not asked for it, the
        # reply code is (rules/status-codes.toml header).
        told = [s for s in statuses if not self.says_nothing(s)]
        generic = [self.ruleset.status.get(code) for code in status_chain(told) if code.endswith(".0")]
        replies = unique([record.reply_code, *(c for c in codes if "." not in c)])
        for kind, entry in [("status", e) for e in generic] + [
            ("reply", self.ruleset.reply.get(code)) for code in replies
        ]:
            if entry is not None and entry.reason:
                reason = self.stage(entry.reason, record, text, guess=True)
                if reason != entry.reason:  # the SMTP stage said more than the code's class
                    return reason, f"command:{stage_command(record.command, text)}", None, None
                return reason, f"{kind}:{entry.code}", None, entry

        if record.status or record.reply_code or text:
            reason = self.envelope_stage("onhold", record, text)
            if reason != "onhold":
                return reason, f"command:{stage_command(record.command, text)}", None, None
            return "onhold", "none", None, None
        return "undefined", "none", None, None

    def first_rule(
        self,
        text: str,
        codes: list[str],
        hosts: list[str],
        action: str,
        diagnostic_type: str = "",
        command: str = "",
    ) -> rulebook.Rule | None:
        """The first phrase rule, in precedence order, that applies and whose pattern matches.

        `command` is the record's own (may be ""); a rule scoped to commands falls back to
        the one the text names. Remembered per (text, codes, hosts, action, diagnostic type,
        command): a mailbox repeats the same diagnostics.
        Rules whose needles (prefilter.needles) are all absent from the text are skipped
        without running their regex; that is most rules for most texts. Which rules those
        are is found in one pass over the text (prefilter.NeedleIndex), not rule by rule.
        A rule's regex runs as its guarded twin (prefilter.guarded: the same matches, with a
        lookahead for the characters a match can start with), as the readers' patterns do.
        """
        key = (text, tuple(codes), tuple(hosts), action, diagnostic_type, command)
        try:
            return self._matches[key]
        except KeyError:
            pass
        ready, twins = self._ready, self._twins
        found = None
        low = prefilter.lowered(text)
        for index in self._needle_index.candidates(low):
            known = ready[index]
            if known is None:
                rule = self._rules[index]
                scoped = bool(
                    rule.codes or rule.hosts or rule.actions or rule.diagnostic_types or rule.commands
                )
                known = ready[index] = (rule, scoped, prefilter.required_by_all(rule.pattern))
            rule, scoped, wanted = known
            if not prefilter.holds_required(wanted, low):
                continue  # its needle is in the text, but no alternative has all it requires
            if scoped:
                if not rule.applies_to_codes(codes) or not rule.applies_to_hosts(hosts):
                    continue
                if not rule.applies_to_action(action):
                    continue
                if not rule.applies_to_diagnostic_type(diagnostic_type):
                    continue
                if rule.commands and not rule.applies_to_command(stage_command(command, text)):
                    continue
            twin = twins[index]
            if twin is None:
                twin = twins[index] = prefilter.guarded(rule.pattern)
            if twin.search(text):
                found = rule
                break
        if len(self._matches) >= MATCH_CACHE:
            self._matches.clear()  # bounded: a long run's cache starts over, never grows
        self._matches[key] = found
        return found

    def says_nothing(self, status: str) -> bool:
        """Whether the status table lists this specific code (not an X.Y.0 "other" code)
        with no reason: the code alone tells nothing (5.1.5 "destination address valid")."""
        entry = self.ruleset.status.get(status)
        return not status.endswith(".0") and entry is not None and not entry.reason

    def permanence(self, record: DeliveryRecord) -> str:
        """Return "true", "false", or "" (not a failure); the module docstring gives the order."""
        reply = record.reply_code or find_reply_code(record.diagnostic[:512])
        command = (record.command or find_command(record.diagnostic[:2048])).upper()
        entry = self.ruleset.reply.get(reply)
        if entry is not None and command and command in entry.temporary_after:
            return "false"  # RFC 5321 4.5.3.1.10: 552 to RCPT, retry the rest later
        action = record.action.strip().lower()
        if action in ("failed", "expired"):
            return "true"
        if action == "delayed":
            return "false"
        for code in (record.status, reply):
            if code[:1] == "5":
                return "true"
            if code[:1] == "4":
                return "false"
        return ""

    def stage(
        self, reason: str, record: DeliveryRecord, text: str, *, guess: bool = False
    ) -> str:
        """A reason read from words or codes, corrected by the SMTP stage it was given at.
        `guess`: the reason came from a generic code (GENERIC_GUESSES)."""
        reason = self.about_the_sender(after_data(reason, record, text), record, text)
        return self.envelope_stage(reason, record, text, guess=guess)

    def about_the_sender(self, reason: str, record: DeliveryRecord, text: str) -> str:
        """A mailbox or domain verdict under a status that names the SENDER's address (RFC 3463
        X.1.7 "Bad sender's mailbox address syntax", X.1.8 "Bad sender's system address") is
        about the sender: "553 5.1.8 Domain of sender address does not exist" refuses the
        sender, and says nothing bad about the recipient."""
        if reason not in self.before_rcpt:
            return reason
        status = record.status or find_status(text)
        return "rejected" if status[2:] in ("1.7", "1.8") else reason

    def envelope_stage(
        self, reason: str, record: DeliveryRecord, text: str, *, guess: bool = False
    ) -> str:
        """What a refusal before any recipient was named can be about (RFC 5321 3.3, 4.3.2).

        At the greeting or in reply to HELO/EHLO the server knows only the connecting host,
        so a refusal there, with no clearer cause or as "sender rejected", refuses the host:
        "blocked" (corpus lhost-exim-35 "550 Access denied" at connection, lhost-exim-49 "550
        Rejected" to EHLO). In reply to MAIL FROM it knows the host and the sender only, so a
        refusal whose words name no cause refuses the sender: "rejected" (lhost-exim-51
        "553 5.1.0 ... does not exist" after MAIL FROM). Any clearer reason is kept, except a
        reason about the recipient's mailbox or domain (`mailbox` in reasons.toml): before RCPT TO no
        recipient has been named, so "550 5.1.1 User unknown" to MAIL FROM says the sender
        does not exist, and "Host not found" to HELO that the sending host's name does not
        resolve. Calling the recipient dead there would suppress a good address.
        """
        command = stage_command(record.command, text)
        if command not in BEFORE_RCPT_COMMANDS:
            return reason
        if guess and reason in (GREETING_GUESSES if command == "CONN" else GENERIC_GUESSES):
            reason = "onhold"  # a guess from a generic code: the stage says more
        if reason not in self.before_rcpt:
            return reason
        if command in ("CONN", "HELO", "EHLO"):
            return "blocked"
        if command == "MAIL":
            return "rejected"
        return reason

    # -- words for people -----------------------------------------------------------------------

    def words(
        self,
        reason: str,
        rule: rulebook.Rule | None,
        entry: rulebook.CodeEntry | None,
        lang: str,
    ) -> tuple[str, str]:
        described = self.ruleset.reasons.get(reason)
        zh = lang.lower().startswith("zh")
        explanation = advice = ""
        if rule is not None:
            explanation = rule.explanation_zh if zh else rule.explanation_en
            advice = rule.advice_zh if zh else rule.advice_en
        if described is not None:
            explanation = explanation or (
                described.explanation_zh if zh else described.explanation_en
            )
            advice = advice or (described.advice_zh if zh else described.advice_en)
        if entry is not None and entry.meaning and not zh:
            explanation = f"{explanation} ({entry.code}: {entry.meaning})".strip()
        return explanation, advice


def is_fallback(rule: rulebook.Rule) -> bool:
    """A plain phrase rule of priority FALLBACK_PRIORITY or lower: general words ("service
    unavailable", "access denied") that decide only when the meaning tier reads nothing."""
    return rule.priority <= FALLBACK_PRIORITY and not rule.hosts


# The session named as LMTP: Exim's "LMTP error after ...", a Postfix lmtp client's socket
# ("[private/dovecot-lmtp]", "lmtp:unix:...").
LMTP = re.compile(r"\blmtp\b", re.IGNORECASE)


def after_data(reason: str, record: DeliveryRecord, text: str) -> str:
    """An "unknown user" answer to DATA means a filter refused the message, so "filtered".

    The server accepted the recipient at RCPT TO, so the mailbox exists; refusing it only
    after seeing the message is the recipient's (or provider's) filter speaking. Japanese
    carriers answer their receive filters' rejections with "550 Unknown user" after DATA
    (docomo: https://akisoftware.com/pmsrv/help/docomo.html,
    https://note.com/sendmagic/n/neb6bbe7e51cf).
    A Sendmail transcript that shows ">>> DATA" and then a RCPT reply is pipelining
    (sendmail/usersmtp.c smtpdata() reads the pending RCPT replies after sending DATA), not this.
    An explicit X.1.1 status is the server stating the mailbox does not exist (some servers
    defer RCPT rejections to DATA), so it stays userunknown (lhost-sendmail-01).
    """
    if reason != "userunknown":
        return reason
    if any(code.startswith(("5.1.1", "4.1.1")) for code in (record.status, find_status(text))):
        return reason  # the server says outright "bad destination mailbox" (RFC 3463 X.1.1)
    if LMTP.search(text) or LMTP.search(record.remote_mta):
        # LMTP answers the end of DATA once per recipient (RFC 2033 section 4.2): that reply
        # is this recipient's own, as a reply to its RCPT TO would be (Mailman 3's LMTP runner
        # answers an unknown list so; Exim's "LMTP error after end of data", Postfix's lmtp
        # client's "[private/lmtp]")
        return reason
    return "filtered" if stage_command(record.command, text) in ("DATA", "BDAT") else reason


def stage_command(command: str, text: str) -> str:
    """The SMTP command a failure answered: the record's own, else the one its text names."""
    return command.upper() if command else command_in(text)


@lru_cache(maxsize=MATCH_CACHE)  # asked up to three times per record (rules, DATA, envelope)
def command_in(text: str) -> str:
    return find_command(text).upper()


def record_codes(record: DeliveryRecord, text: str) -> list[str]:
    """The record's own codes, then the first few codes quoted in its diagnostic."""
    codes = [record.status, record.reply_code]
    head = text[:2048]
    codes.extend(find_statuses(head, MAX_CODES))
    for count, match in enumerate(REPLY_CODE.finditer(head)):
        if count >= MAX_CODES:
            break
        codes.append(match.group(1))
    return unique(codes)


def record_hosts(record: DeliveryRecord, recipient_domain: str = "") -> list[str]:
    hosts = HOST_TOKEN.findall(record.remote_mta.lower()[:512])
    domain = recipient_domain or record.recipient.rpartition("@")[2]
    if domain:
        hosts.append(domain.lower())
    return hosts


def status_chain(statuses: Sequence[str]) -> list[str]:
    """Exact codes first, then class.subject.0, then class.0.0 (5.1.351 -> 5.1.0 -> 5.0.0)."""
    exact = [s for s in statuses if s]
    subject = [f"{s.rsplit('.', 1)[0]}.0" for s in exact]
    klass = [f"{s[0]}.0.0" for s in exact]
    return unique(exact + subject + klass)


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


# ---------------------------------------------------------------------------------------------
# Entry points


@lru_cache(maxsize=8)
def _cached(extra_paths: tuple[str, ...]) -> Classifier:
    return Classifier(load_cached(extra_paths))


def load_classifier(extra_paths: Sequence[str | Path] = ()) -> Classifier:
    """The classifier for the built-in rules plus user rule files/folders (cached).

    User rules outrank every built-in rule. Raises rules.RuleError naming file and rule id
    when any rule data is invalid.
    """
    return _cached(tuple(str(path) for path in extra_paths))


def record_from_text(
    text: str, *, command: str = "", remote_mta: str = "", recipient: str = ""
) -> DeliveryRecord:
    """A DeliveryRecord for one free-text diagnostic line, codes read from the text.

    A Diagnostic-Code value pasted with its type ("X-Unix; temporary failure") keeps the type
    (RFC 3464 2.3.6), so `explain` judges it as the reader of the report would.
    """
    line = unfold(text)
    kind = value_type(line)
    if kind:
        line = line.partition(";")[2].strip()
    return DeliveryRecord(
        recipient=recipient,
        diagnostic_type=kind,
        status=find_status(line),
        reply_code=find_reply_code(line),
        diagnostic=line,
        remote_mta=remote_mta,
        command=(command or find_command(line)).upper(),
    )


def record_for_example(rule: rulebook.Rule, example: str) -> DeliveryRecord:
    """A record of one of a rule's examples, in the rule's own scope: its provider's host as
    the remote MTA, and the first Action, diagnostic type and SMTP command it is for. How
    `rules check`'s example tests and benchmarks/generalise.py ask the classifier."""
    record = record_from_text(example, remote_mta=f"mx.{rule.hosts[0]}" if rule.hosts else "")
    record.action = rule.actions[0] if rule.actions else ""
    record.diagnostic_type = rule.diagnostic_types[0] if rule.diagnostic_types else ""
    record.command = rule.commands[0] if rule.commands else record.command
    return record


def explain(
    text: str,
    *,
    lang: str = "en",
    command: str = "",
    remote_mta: str = "",
    recipient: str = "",
    extra_paths: Sequence[str | Path] = (),
) -> tuple[DeliveryRecord, Classification]:
    """Classify one free-text diagnostic ("550 5.1.1 <a@example.com>: User unknown").

    For the `explain` command: returns the record built from the text (so the caller can show
    the codes found) and its classification.
    """
    record = record_from_text(text, command=command, remote_mta=remote_mta, recipient=recipient)
    classification = load_classifier(extra_paths).classify(record, lang=lang)
    return record, classification
