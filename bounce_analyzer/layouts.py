"""Plain-text notices that list each failed recipient on a line, followed by why: the layouts
of the MTAs and gateways we read, and the one reader they share.

The most common non-RFC 3464 shape: an introduction ("The following address(es) failed:"),
then per recipient a line naming the address and the lines after it saying what went wrong,
then a marker before the returned message ("--- Below this line is a copy of the message.").
Exim, qmail and its descendants, DragonFly, OpenSMTPD, MXLogic, old Exchange connectors and
several gateways all write this shape; they differ only in their marker phrases, so each is
one `Layout` (data) read by the same loop, and the verdict rows say which layout matched.

Each layout is recognised by phrases its software always writes (cited beside it), and says
where its recipient list starts and how a recipient line looks. Layouts are tried in order, so
a message that merely quotes an address on a line of its own is never read as a bounce. A new
server writing the same shape needs only a new entry in LAYOUTS. The extractor that reads a
notice by them is `extract/recipient_lines.py`; `complete_from_notice` reads them to complete
what a delivery-status part left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from email.message import Message
from email.utils import getaddresses
from itertools import groupby
from pathlib import Path

from . import patterns, prefilter
from .addresses import ADDRESS_ON_LINE, find_addresses, normalise_address
from .message import channel_address, field_blocks, from_text, header_text, reading
from .model import DeliveryRecord, Extraction
from .rules import builtin_dir
from .smtp import (
    Exchange,
    find_command,
    find_remote_host,
    find_status,
    read_transcript,
    reconcile_status,
    record_from_text,
    says_no_recipients,
    transcript_failure,
)

# Default recipient line: optional indent, optional list mark ("*", ">>>"), the address in
# optional angle brackets, an optional colon, then optionally the start of the diagnostic.
GENERIC_RECIPIENT = patterns.compile(
    rf"^(?P<indent>[ \t]{{0,12}})(?:[*>]{{1,3}}[ \t]{{0,4}})?<?(?P<addr>{ADDRESS_ON_LINE})>?:?"
    r"(?:[ \t]{1,8}(?P<rest>\S.{0,4000}))?[ \t]*$"
)


def _at_line_start(indent: str, alternation: str, flags: int) -> str:
    """`^`, the indent, then one of the alternation's branches, none of which starts with a
    blank (a pattern's source, for `flags`). The indent is taken whole (possessive: giving a
    blank of it back cannot make a match), and the branches are tried only at a character
    one of them can start with (prefilter.start_guard): a line that starts with none of them
    costs a test, not a try of every branch at every length of its indent. Readers match
    these against every line."""
    return "^" + indent + "+" + prefilter.start_guard(alternation, flags) + alternation


# Markers that end the notice: the returned message follows them.
# qmail-send's double bounce (a bounce that could not be delivered, sent to postmaster) has
# "--- Below this line is the original bounce." before the first bounce, whose recipients are
# not this notice's (qmail-send.c injectbounce()).
COPY_FOLLOWS = patterns.compile(_at_line_start(
    r"[ \t]*",
    r"(?:-{2,}[ \t]*(?:This is a copy of the message|Below this line is a copy"
    r"|Below this line is the original bounce"
    r"|Enclosed is a copy|Original message follows|The header of the original message"
    r"|Returned message|Original message)"
    r"|Included is a copy of the message header"
    r"|Message headers follow\.?"
    r"|Below is a copy of the original message"
    r"|Original message follows\.?)",
    re.IGNORECASE,
), re.IGNORECASE)

# The fields of a delivery report written as text: wherever they begin, the notice's own
# listing has ended (a report whose MIME boundary is missing, corpus rfc3464-06).
REPORT_FIELDS = patterns.compile(
    r"^(?:Reporting-MTA|Received-From-MTA|Arrival-Date|Final-Recipient|Original-Recipient):",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Layout:
    """How one MTA writes the recipient-lines shape.

    detect   searched in "Subject\\nFrom\\n" plus the notice's text: the MTA's own phrases
    start    recipients are listed after the first line this is found in (None: from the top)
    stop     the listing ends at the first line this matches
    recipient  a line naming a recipient: groups `addr`, optional `indent` and `rest`
    blank_ends a blank line closes a recipient's section (False: only the next recipient does)
    delayed  when found in the detect text, the notice is a delay warning, not a failure
    header   a header listing the failed recipients (Exim's X-Failed-Recipients), which names
             them when the text shows a pipe or file instead of an address
    """

    name: str
    detect: re.Pattern[str]
    start: re.Pattern[str] | None = None
    stop: re.Pattern[str] = COPY_FOLLOWS
    recipient: re.Pattern[str] = GENERIC_RECIPIENT
    blank_ends: bool = True
    delayed: re.Pattern[str] | None = None
    header: str = ""
    gave_up: re.Pattern[str] | None = None  # found in the detect text: the MTA says it gave up
    # The reason comes once, between `start` and the first recipient line, and applies to
    # every recipient listed (Lotus Notes, MailMarshal).
    preamble: bool = False
    # A heading after the list whose paragraph gives the reason for recipients listed bare
    # (1&1's Exim: "For the following reason:", corpus line-endings lhost-einsundeins-01).
    reason_heading: re.Pattern[str] | None = None
    # How far into the notice `detect` (and `start`) are looked for: the default keeps a
    # layout's marks where its MTA writes them; a wide window reads a notice whose
    # introduction comes after a gateway's or a forwarder's own text.
    window: int = 8192
    # A line this is found in, naming an address, names a recipient itself: "Your message
    # could not be delivered to a@b because ..." (the line is the account of it).
    inline: re.Pattern[str] | None = None
    # The notice's Subject, when it states the failure ("DELIVERY FAILURE: User x (a@b) not
    # listed in ..."): its `rest` group is the reason for recipients the text gives none, and
    # the addresses in it the recipients when the text lists none.
    subject: re.Pattern[str] | None = None
    # Read only in a message from a mail system (a daemon's address, a null sender or a
    # bounce's subject): for layouts recognised by words a person could also write.
    mail_system_only: bool = False
    # Like `stop`, but only once a recipient has been found (a returned message's headers
    # pasted after the list; before it they may belong to a notice quoted inside).
    ends: re.Pattern[str] | None = None
    # A layout of the same notice whose sections give the words for the recipients this one
    # lists bare: Sendmail's list names "<a@b>" alone, its transcript "<a@b>... reason". Only
    # the lines naming that recipient are taken, never the rest of the transcript.
    words_from: Layout | None = None
    # The lines after the list are the reason of every recipient listed: the notice states
    # one error for all of them (Apache James's Bouncer).
    one_reason: bool = False
    # The notice lists no recipients, only the SMTP session it quotes: its recipients are the
    # RCPT TO addresses the transcript shows failing, each with the reply that failed it
    # (MDaemon). `recipient` and `start` are not used.
    from_transcript: bool = False
    # The notice's own text from its `start` line to `stop` is the account every recipient
    # listed shares (MailScanner: the detector's report comes in paragraphs after the list):
    # its lines but the blank ones, the ones naming the recipients and the ones this matches
    # (the returned message's Subject and Date listed with them: the sender's words).
    account_skips: re.Pattern[str] | None = None
    # An `inline` line only names the recipients ("Intended Recipients: <a@b>, <c@d>"): it is
    # no account of them, and their reason is the paragraph under `reason_heading` (Haraka).
    inline_names_only: bool = False
    # A line naming the recipient by the phone number a text goes to (group `number`, the line
    # the account): an email-to-SMS gateway's own reply ("Your SMS to 61491570156 could not be
    # sent. ...") says which number failed, not which address. The recipient is the address of
    # the original's To or Cc (returned, or pasted after the notice) whose local part is that
    # number; a number no such address holds gives no row.
    by_number: re.Pattern[str] | None = None
    # A label the notice puts before the server's reply on a recipient's lines ("Server error:
    # '550 ...'"): the notice's frame, not the server's words, taken off before they are read
    # (otherwise "server error" reads as the receiving system's fault whatever the reply says).
    reply_label: re.Pattern[str] | None = None
    # A line naming the recipient by its display name only (group `name`): Exchange
    # 5.5/2000/2003 write "Lee Ward on 12/1/2026 4:41 PM" where the
    # recipient was picked from the address book. The recipient is the address that name
    # belongs to: the report part's X-Display-Name beside its Final-Recipient, else the
    # returned message's To or Cc ("Lee Ward <lee.ward@example.com>"); a name no address (or
    # more than one) has gives no section.
    by_name: re.Pattern[str] | None = None
    # Every line `recipient` matches names a recipient, however deep its indent: Apache
    # James lists further RCPT TO addresses under the first, aligned past its label.
    any_indent: bool = False
    # The notice is addressed to the recipients it failed: a MAPI store's non-delivery report
    # (REPORT.IPM.Note.NDR, whose recipient table holds the failed recipients) read through
    # IMAP, where that table becomes To (Kopano's and Zarafa's spooler). When its text lists
    # no one, the addresses of its To that the returned message was addressed to (To, Cc),
    # not its sender, are the recipients, with the reason under `reason_heading`.
    addressed: bool = False
    # A heading (a `start` line) under which the recipients listed are delayed, not failed:
    # a notice that lists both ("Recipients that will be retried:" and "Recipients that
    # failed permanently:", Kopano's spooler).
    delayed_heading: re.Pattern[str] | None = None


# A rule line ("=====", "-----") carries no words.
_RULE_LINE = patterns.compile(r"^[ \t]*[=\-_*~#]{3,}[ \t]*$")


DETECT_WINDOW = 8192
WIDE_WINDOW = 1 << 16  # the widest window a layout may ask for


def detect_text(message: Message, notice: str, limit: int = DETECT_WINDOW) -> str:
    """What layouts are recognised by: subject, sender, mailer and the start of the notice."""
    return _detect(message, notice, limit)[0]


def detect_says(
    pattern: re.Pattern[str] | None, message: Message, notice: str, limit: int = DETECT_WINDOW
) -> bool:
    """Whether `pattern` (a layout's `delayed` or `gave_up`) is in `detect_text`: its probe
    (prefilter.Probe) searches only the alternatives whose words the text holds, where a
    search of the whole text tried each alternative at every position. False for None."""
    return pattern is not None and prefilter.probe(pattern).found(*_detect(message, notice, limit))


def _detect(message: Message, notice: str, limit: int) -> tuple[str, str | None]:
    """`detect_text` and its `prefilter.lowered` form, made once per message and window."""
    kept = reading(message).kept
    # every window at least as long as the notice cuts the same text: made once for them all
    cut = min(limit, WIDE_WINDOW, len(notice))
    key = ("detect", cut, notice)
    found = kept.get(key)
    if found is None:
        heads = (header_text(message, name) for name in ("Subject", "From", "X-Mailer"))
        where = "\n".join((*heads, notice[:cut]))
        found = kept[key] = (where, prefilter.lowered(where))
    return found  # type: ignore[return-value]


@dataclass(slots=True)
class _Section:
    """One recipient line of a notice and the lines that say what went wrong for it."""

    recipient: str
    indent: int
    lines: list[str]
    line: int = 0  # where the notice names the recipient (0-based line of the notice)
    inline: bool = False  # named in a sentence (`Layout.inline`), not on a line of its own


# The last notice `_line_patterns` was asked about and its prefilter.lowered form: a notice
# is read by several layouts, each looking for its lines.
_LOWERED: tuple[str, str | None] = ("", "")


def _line_patterns(pattern: re.Pattern[str], notice: str) -> tuple[re.Pattern[str], ...]:
    """Patterns one of which is found in a line of `notice` exactly when `pattern` is
    (prefilter.Probe.narrowed): only the alternatives whose words the notice holds, often
    none, so that looking for an introduction line by line costs few searches or none."""
    global _LOWERED
    known = _LOWERED
    if known[0] is not notice:
        known = _LOWERED = (notice, prefilter.lowered(notice))
    return prefilter.probe(pattern).narrowed(known[1])


def sections(
    notice: str,
    layout: Layout,
    exclude: frozenset[str] = frozenset(),
    numbered: dict[str, str] | None = None,
    names: Callable[[], dict[str, str]] | None = None,
) -> list[_Section]:
    """The recipient sections of a notice, in order. `exclude`: addresses an `inline` line
    may name that are not recipients (the notice's own sender and addressee); `numbered`: the
    original's addresses by the phone number their local part is (`Layout.by_number`);
    `names`: gives the recipients' addresses by their display names (`Layout.by_name`), asked
    only when a line names someone so."""
    lines = notice.split("\n")
    if layout.start is None:
        return _sections_from(lines, 0, notice, layout, exclude, numbered, names)
    starts = _line_patterns(layout.start, notice)
    if not starts:
        return []  # in no line: the loop below would return [] after searching them all
    seen = 0
    tried = 0
    for index, line in enumerate(lines):
        if any(start.search(line) for start in starts):
            # an inline layout's introduction may name the recipient itself
            found = _sections_from(
                lines, index + (0 if layout.inline is not None else 1), notice, layout,
                exclude, numbered, names,
            )
            tried += 1
            # An introduction whose account names no one (a summary of the returned message
            # ends it first) leaves the notice to the next introduction: NetEase's and QQ
            # Mail's notices open with "您的邮件被退回来了", and NetEase's names the recipient
            # in its "您发送给 a@b ..." sentence under the summary
            # (samples/probe16-prov-netease-163-own-notice-user-unknown).
            if found or tried >= MOST_STARTS:
                return found
        seen += len(line) + 1
        if layout.window > DETECT_WINDOW and seen > layout.window:
            return []
    return []


# How many introductions of a notice `sections` tries, each giving no recipient, before it
# gives up: a bound on the work for a text that repeats an introduction on every line.
MOST_STARTS = 4


def _sections_from(
    lines: list[str],
    index: int,
    notice: str,
    layout: Layout,
    exclude: frozenset[str],
    numbered: dict[str, str] | None,
    names: Callable[[], dict[str, str]] | None = None,
) -> list[_Section]:
    """The recipient sections of `sections`, read from line `index` on."""
    found: list[_Section] = []
    known_names: dict[str, str] | None = None  # `names`' answer, once a line asks it
    current: _Section | None = None
    preamble: list[str] = []
    in_preamble = layout.preamble
    inlines = _line_patterns(layout.inline, notice) if layout.inline is not None else ()
    # the recipient whose account a blank line just ended: a paragraph after it that says
    # itself that delivery failed, naming no one else, is its account too. Japanese puts the
    # cause before the verb ("...ため、メールを正常にお届けすることができませんでした": because
    # ..., the mail could not be delivered; CloudSign's notices), so the sentence that tells
    # why stands below the recipient's line, not after its address.
    closed: _Section | None = None
    for number, line in enumerate(lines[index:], start=index):
        if layout.stop.match(line) or REPORT_FIELDS.match(line):
            break
        if found and layout.ends is not None and layout.ends.match(line):
            break
        head = line if len(line) <= RECIPIENT_LINE_MOST else line[:RECIPIENT_LINE_MOST]
        if in_preamble and not found:
            if not line.strip():
                in_preamble = not preamble
                continue
            if not layout.recipient.match(head):
                if not _RULE_LINE.match(line):
                    preamble.append(line.strip())
                continue
        if not line.strip():
            if layout.blank_ends:
                closed = current or closed
                current = None
            elif current is not None:
                current.lines.append("")
            continue
        reopened, closed = closed, None
        if reopened is not None and inlines and any(inline.search(line) for inline in inlines):
            named = _inline_recipients(line, exclude, inlines)
            if all(address == reopened.recipient for address in named):
                reopened.lines.append(line.strip())
                current = reopened
                continue
        texted = layout.by_number.search(head) if layout.by_number is not None and numbered else None
        address = numbered.get(_digits(texted["number"]), "") if texted and numbered else ""
        if address:
            found.append(_Section(address, 0, [line.strip()], number, inline=True))
            current = found[-1]
            continue
        named = _inline_recipients(line, exclude, inlines) if inlines else []
        if named:
            told = [] if layout.inline_names_only else [line.strip()]
            for address in named:
                found.append(_Section(address, 0, list(told), number, inline=True))
            # the lines after it go on with its account, unless the line only named them
            current = None if layout.inline_names_only else found[-1]
            continue
        match = layout.recipient.match(head)
        indent = len(line) - len(line.lstrip())
        by_name = layout.by_name.match(head) if names and not match and layout.by_name else None
        if by_name and names is not None:
            if known_names is None:
                known_names = names()
            address = known_names.get(_name_key(by_name["name"]), "")
            if address and (current is None or indent <= current.indent):
                current = _Section(address, indent, list(preamble), number)
                found.append(current)
                continue
        if match and (current is None or indent <= current.indent or layout.any_indent):
            addr = match.groupdict().get("addr") or ""
            if addr and "@" not in addr and match.groupdict().get("domain"):
                addr = f"{addr}@{match['domain']}"  # a user name at the host the line names
            current = _Section(normalise_address(addr), indent, list(preamble), number)
            if not current.recipient:
                # a pipe or file stands where the address would: what failed was local
                # delivery to it, which the diagnostic should say (Exim "pipe to |/usr/bin/x")
                current.lines.append(line.strip())
            rest = match.groupdict().get("rest")
            if rest and head is not line:
                rest = line[match.start("rest") :].strip()  # the words past the cut too
            if rest:
                current.lines.append(rest)
            found.append(current)
        elif current is not None and not layout.preamble and not _RULE_LINE.match(line):
            current.lines.append(line.strip())
    return found


# A recipient line is matched on its first this many characters: the layouts' patterns take
# the address (at most 254 characters, RFC 5321 4.5.3.1.3) and up to 4,000 characters after
# it, and are anchored at the line's end, so a longer line (a long server reply on one line)
# would match none of them and its recipient would give no row.
RECIPIENT_LINE_MOST = 4000


def _inline_recipients(
    line: str, exclude: frozenset[str], inlines: tuple[re.Pattern[str], ...]
) -> list[str]:
    """The addresses a line names when it is an `inline` account of their failure
    (`inlines`: the layout's `inline` pattern as `_line_patterns` gives it for the notice)."""
    if "@" not in line or not any(inline.search(line) for inline in inlines):
        return []
    return [a for a in find_addresses(line[:INLINE_LIMIT])[:INLINE_MOST] if a not in exclude]


INLINE_LIMIT = 2000  # of one line, where its addresses are looked for
INLINE_MOST = 20  # addresses one line may name


def _own_addresses(message: Message) -> frozenset[str]:
    """The addresses of the notice itself (its sender and addressee): never a recipient that
    failed, wherever its text names them."""
    known = reading(message)
    found = known.kept.get("own addresses")
    if found is None:
        names = ("From", "To", "Reply-To", "Sender")
        found = known.kept["own addresses"] = frozenset(
            address for name in names for address in find_addresses(known.header(name))
        )
    return found  # type: ignore[return-value]


# A local part that is a phone number: digits, a leading "+", the separators people write.
_PHONE_LOCAL = patterns.compile(r"^\+?[0-9][0-9.\-]{4,30}$")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _numbered(message: Message, notice: str, layout: Layout) -> dict[str, str]:
    """The addresses of the original's To and Cc whose local part is a phone number, by its
    digits: the returned message's, else the one pasted after the notice."""
    original = reading(message).returned or pasted_original(notice, layout)
    if original is None:
        return {}
    found: dict[str, str] = {}
    for name in ("To", "Cc"):
        for address in find_addresses(header_text(original, name)):
            local = address.rsplit("@", 1)[0]
            if _PHONE_LOCAL.match(local):
                found.setdefault(_digits(local), address)
    return found


def _name_key(name: str) -> str:
    """A display name as it is compared: quotes off, spaces collapsed, case folded."""
    return " ".join(name.strip().strip("'\"").split()).casefold()


def _named(message: Message, notice: str, layout: Layout) -> dict[str, str]:
    """The recipients' addresses by their display names: the report part's X-Display-Name
    beside its Final-Recipient, then the To and Cc of the original (returned, or pasted after
    the notice) for the names the report does not give. A name two addresses share is left
    out: which of them the notice means cannot be told."""
    reported: dict[str, str] = {}
    shared: set[str] = set()
    for part in reading(message).status_parts:
        for block in field_blocks(part):
            if "x-display-name" in block:
                name, address = block["x-display-name"], block.get("final-recipient", "")
                _name_to(reported, shared, name, address)
    original = reading(message).returned or pasted_original(notice, layout)
    addressed: dict[str, str] = {}
    if original is not None:
        for field in ("To", "Cc"):
            for name, address in getaddresses([header_text(original, field)]):
                _name_to(addressed, shared, name, address)
    found = {**addressed, **reported}
    return {key: address for key, address in found.items() if key not in shared or key in reported}


def _name_to(names: dict[str, str], shared: set[str], name: str, address: str) -> None:
    key = _name_key(name)
    address = normalise_address(address)
    if not key or "@" not in address or "@" in key:
        return
    if names.setdefault(key, address) != address:
        shared.add(key)


# Exim's line under an address that an alias or forward file produced (deliver.c
# print_address_information()): "(generated from sales@example.org)", "(ultimately generated
# from ...)". Its report part names that first address as the Final-Recipient
# (print_dsn_addr_action()), so the record keeps it as the original recipient.
GENERATED_FROM = patterns.compile(r"^\((?:ultimately )?generated from ([^\s()]{1,254})\)$")

# Sun/Oracle Messaging Server's notice names a message-store failure by its store channel's
# address and gives the address the sender used on the next line: "Recipient address:
# user@ims-ms-daemon" / "Original address: user@example.edu" (Tufts University IT,
# http://uit.tufts.edu/print.php?pid=548). Read only under a recipient whose domain is one
# label (message.channel_address()): the row names the address the sender can act on, as
# record_from_block() does for the same notice's report part.
ORIGINAL_ADDRESS = patterns.compile(
    r"^original address:[ \t]{0,8}<?([^\s<>@]{1,64}@[^\s<>@]{1,255})>?$", re.IGNORECASE
)


def _original_address(recipient: str, lines: list[str]) -> tuple[str, list[str]]:
    """The address a store channel's recipient stands for, and the lines without it."""
    for index, line in enumerate(lines):
        found = ORIGINAL_ADDRESS.match(line.strip())
        if found and not channel_address(found.group(1)):
            return normalise_address(found.group(1)), lines[:index] + lines[index + 1 :]
    return recipient, lines


def read_layout(
    message: Message, notice: str, layout: Layout, action: str, hint: str = ""
) -> list[DeliveryRecord]:
    records: list[DeliveryRecord] = []
    exclude = _own_addresses(message) if layout.inline is not None else frozenset()
    if layout.from_transcript:
        transcript = read_transcript(notice)
        found = _transcript_sections(transcript)
    else:
        numbered = _numbered(message, notice, layout) if layout.by_number is not None else None
        names = (lambda: _named(message, notice, layout)) if layout.by_name is not None else None
        found = sections(notice, layout, exclude, numbered, names)
        if not found and layout.addressed:
            found = _addressed(message)
        # the SMTP dialogue the notice quotes, if any: each recipient takes its own reply
        transcript = read_transcript(notice) if found else ()
    _named_by_alias_note(found)
    # sections whose own lines give their reason (Sendmail's "(reason: ...)"), before the
    # transcript's words are given to the bare ones
    spoke = [s for s in found if _said(s)] if layout.words_from is not None else []
    heard: list[_Section] = []
    if layout.words_from is not None and len(spoke) < len(found):
        heard = _words_from(notice, layout.words_from, found)
    if layout.one_reason:
        told = [line for section in found for line in section.lines]
        for section in found:
            section.lines = list(told)
    if found and layout.account_skips is not None:
        told = _account(notice, layout)
        for section in found:
            section.lines = list(told)
    subject = _subject_reason(message, layout)
    if not found and subject is not None:
        # the text lists no one: the Subject's addresses are the recipients
        found = [_Section(a, 0, [], 0) for a in subject[1] if a not in _own_addresses(message)]
    shared: list[str] = []
    if found and layout.reason_heading is not None:
        _reason_after_each(notice, layout, found)
    if found:  # the reason the listed recipients share (none listed: not looked for)
        shared = _reason_paragraph(notice, layout) if layout.reason_heading is not None else []
        if layout.inline is not None and not shared:
            shared = _introduction_reason(notice, layout)
    for section in found:
        if not section.lines:
            section.lines = list(shared) or ([subject[0]] if subject is not None else [])
        elif (
            section.inline
            and shared
            and section.lines[-1] not in shared
            and not (
                layout.reason_heading is not None
                and any(layout.reason_heading.search(line) for line in section.lines)
            )
        ):
            # an introduction naming them, the reason after it; a section that holds a
            # reason heading of its own ("您发送给 a@b 的邮件未能投递成功。" then "退信原因：...",
            # one per recipient) has its reason, and the shared paragraph is the first one's
            section.lines.extend(shared)
    listed = find_addresses(header_text(message, layout.header)) if layout.header else []
    unnamed = [a for a in listed if a not in {s.recipient for s in found}]
    delayed = _under_delayed_heading(notice, layout, found)
    for section in found:
        recipient = section.recipient
        if not recipient:
            # Exim names a pipe or file ("pipe to |/usr/bin/x", "save to x") where delivery to
            # a local address failed; the header says which address that was.
            if not unnamed:
                continue
            recipient = unnamed.pop(0)
        lines = section.lines
        if layout.reply_label is not None:
            lines = [layout.reply_label.sub("", line, count=1) for line in lines]
        ancestor = GENERATED_FROM.match(lines[0]) if lines else None
        if ancestor:
            lines = lines[1:]
        stands_for = ""
        if channel_address(recipient):
            named, lines = _original_address(recipient, lines)
            if named != recipient:
                stands_for = recipient = named
        record = record_from_text(
            recipient,
            "\n".join(lines).strip(),
            action="delayed" if any(section is s for s in delayed) else action,
            reason_hint=hint,
            transcript=(
                _own_session(transcript, section)
                if any(section is s for s in spoke)
                else _own_session(transcript, section, alone=True)
                if any(section is s for s in heard)
                else transcript
            ),
            near=section.line,
        )
        if ancestor and not record.original_recipient:
            record.original_recipient = normalise_address(ancestor.group(1))
        if stands_for and not record.original_recipient:
            record.original_recipient = stands_for
        records.append(record)
    if listed:
        # The header is the MTA's own list of failures: drop what it does not name (an address
        # quoted in a diagnostic), add what the text did not show.
        named = {r.recipient for r in records}
        records = [r for r in records if r.recipient in listed]
        text = "\n".join(found[0].lines) if found else ""
        records.extend(
            record_from_text(a, text, action=action, reason_hint=hint, transcript=transcript)
            for a in listed
            if a not in named
        )
    # One record per recipient: a repeated address keeps its first section.
    unique: dict[str, DeliveryRecord] = {}
    for record in records:
        unique.setdefault(record.recipient, record)
    return list(unique.values())


def _addressed(message: Message) -> list[_Section]:
    """The recipients of a notice addressed to them (`Layout.addressed`): the addresses of
    its To that the returned message was addressed to, never that message's sender."""
    returned = reading(message).returned
    if returned is None:
        return []
    wanted = set(reading(returned).addressees)
    sender = set(find_addresses(header_text(returned, "From") + "," + header_text(returned, "Sender")))
    return [
        _Section(address, 0, [], 0)
        for address in find_addresses(header_text(message, "To"))
        if address in wanted and address not in sender
    ]


def _under_delayed_heading(notice: str, layout: Layout, found: list[_Section]) -> list[_Section]:
    """The sections listed under a heading that says they are delayed
    (`Layout.delayed_heading`): the nearest `start` line above a section's line decides. A
    section with no words of its own takes its heading's ("Recipients that failed
    permanently:"): the notice says that much of it, if not why."""
    if layout.delayed_heading is None or layout.start is None or not found:
        return []
    lines = notice.split("\n")
    delayed: list[_Section] = []
    for section in found:
        for line in reversed(lines[: section.line]):
            if layout.start.search(line):
                if layout.delayed_heading.search(line):
                    delayed.append(section)
                if not section.lines:
                    section.lines = [line.strip()]
                break
    return delayed


def _own_session(
    transcript: tuple[Exchange, ...], section: _Section, alone: bool = False
) -> tuple[Exchange, ...]:
    """The session of the transcript that a listed recipient's own reason quotes, when the
    transcript names it in no RCPT TO (its MAIL FROM or greeting was refused): Sendmail writes
    each recipient's "(reason: <reply>)" in its list (savemail.c errbody()), and a notice for
    recipients at two domains quotes two sessions, each refusing its own recipient. The whole
    transcript otherwise, or none when `alone` (the section's words are Sendmail's own line
    for it in the transcript) and that line stands before every session: a failure no
    session shows ("550 5.1.2 <a@b>... Host unknown", deliver.c), so a reply in a later
    session (pipelined after ">>> DATA", usersmtp.c reply()) is another recipient's."""
    if any(e.command == "RCPT" and e.recipient == section.recipient for e in transcript):
        return transcript
    told = " ".join(" ".join(section.lines).split()).lower()
    for exchange in transcript:
        reply = " ".join(exchange.reply.split()).lower()
        if exchange.failed and reply and reply in told:
            return tuple(e for e in transcript if e.session == exchange.session)
    if alone and not any(e.line <= section.line for e in transcript):
        return ()
    return transcript


def _account(notice: str, layout: Layout) -> list[str]:
    """The notice's lines from its `start` line up to `stop` that tell what happened: not the
    blank ones, the ones naming recipients, nor the ones `account_skips` matches."""
    assert layout.start is not None and layout.account_skips is not None
    told: list[str] = []
    started = False
    starts = _line_patterns(layout.start, notice)
    if not starts:
        return told
    for line in notice.split("\n"):
        started = started or any(start.search(line) for start in starts)
        if not started:
            continue
        if layout.stop.match(line) or REPORT_FIELDS.match(line):
            break
        head = line[:RECIPIENT_LINE_MOST]
        if (
            not line.strip()
            or _RULE_LINE.match(line)
            or layout.account_skips.match(line)
            or layout.recipient.match(head)
            or (layout.inline is not None and "@" in line and layout.inline.search(line))
        ):
            continue
        told.append(line.strip())
    return told


def _transcript_sections(transcript: tuple[Exchange, ...]) -> list[_Section]:
    """A section for each RCPT TO address the transcript shows failing, where it is named."""
    found: list[_Section] = []
    seen: set[str] = set()
    for exchange in transcript:
        address = exchange.recipient
        if exchange.command != "RCPT" or not address or address in seen:
            continue
        seen.add(address)
        if transcript_failure(transcript, address, exchange.line) is not None:
            found.append(_Section(address, 0, [], exchange.line))
    return found


# A transcript's session or dialogue line, where a Sendmail line of its own for a recipient
# ("550 5.1.2 <a@b>... Host unknown", written before the sessions) stops going on.
_SESSION_LINE = patterns.compile(r"^[ \t]{0,4}(?:\.{3}[ \t]{0,4}While talking to |>>>|<<<)", re.IGNORECASE)


def _words_from(notice: str, other: Layout, found: list[_Section]) -> list[_Section]:
    """Give the sections listed bare the words `other` (the transcript after the list) has
    for them. A transcript that names none of the other recipients listed is about this one
    alone: all of it is its account ("mail.local: unknown user: a" then "554 <a@b>... Service
    unavailable"). Otherwise only `other`'s section for the recipient: its line naming it,
    whole (the reply code and status before the address), and the lines going on with it;
    another recipient's reply never is. A section's exit-status note (`_EXIT_NOTE`) stays
    first. Returns the sections given their own line."""
    heard: list[_Section] = []
    lines = notice.split("\n")
    block = _after_start(lines, other, notice)
    low = "\n".join(block).lower()
    named: dict[str, _Section] | None = None
    # which sections the transcript names, before any is given its words
    in_transcript = [_named_in(s, low) for s in found]
    for at, section in enumerate(found):
        if _said(section):
            continue
        note = [line.strip() for line in section.lines if _EXIT_NOTE.match(line)]
        if not any(told for i, told in enumerate(in_transcript) if i != at):
            session = [line.strip() for line in block if line.strip()]
            program = _program_of(section)
            ends = next((i for i, line in enumerate(session) if _names_program(line, program)), -1)
            if ends >= 0:
                # the transcript up to the line naming the program the list gave for it: that
                # line says the reason, code first ('554 "|prog"... Service unavailable'), so
                # the note repeating it does not go before it
                section.lines = session[: ends + 1]
            else:
                section.lines = [*note, *session]
            continue
        if named is None:
            named = {}
            for told in sections(notice, other):
                named.setdefault(told.recipient, told)
        own = named.get(section.recipient)
        if own is None:
            _program_line(section, lines, heard)
            continue
        whole = lines[own.line].strip()
        rest = own.lines[1:] if own.lines and whole.endswith(own.lines[0]) else own.lines
        ends = next((i for i, line in enumerate(rest) if _SESSION_LINE.match(line)), len(rest))
        section.lines = [*note, whole, *rest[:ends]]
        section.line = own.line
        heard.append(section)
    return heard


def _named_in(section: _Section, low: str) -> bool:
    """The (lowercased) text names the section's recipient, or the program it is listed
    under (`_PROGRAM_ENTRY`)."""
    if section.recipient and section.recipient in low:
        return True
    program = _program_of(section)
    return bool(program) and program.lower() in low


def _program_line(section: _Section, lines: list[str], heard: list[_Section]) -> None:
    """A section listed under a program (`_PROGRAM_ENTRY`) takes the transcript's line for
    that program ('554 5.0.0 "|/usr/bin/x"... Service unavailable', Sendmail names the
    program, not the address, there), when there is one, without the note that repeats its
    words; it joins `heard`."""
    program = _program_of(section)
    if not program:
        return
    for index, line in enumerate(lines):
        if _names_program(line, program):
            section.lines = [line.strip()]
            section.line = index
            heard.append(section)
            return


def _program_of(section: _Section) -> str:
    """The quoted program or file a section is listed under (`_PROGRAM_ENTRY`), or ""."""
    return next((line.strip() for line in section.lines if _PROGRAM_ENTRY.match(line)), "")


def _names_program(line: str, program: str) -> bool:
    """The transcript line is Sendmail's reply for that program ('554 "|prog"... why')."""
    return bool(program) and program + "..." in line


def _named_by_alias_note(found: list[_Section]) -> None:
    """A section listed under a program or file, not an address (Sendmail's
    '"|/usr/bin/procmail -t"' for a .forward's pipe), takes the address its "(expanded from:
    <a@b>)" note names (savemail.c errbody()); the program line and the note stay its lines."""
    for section in found:
        if section.recipient:
            continue
        for line in section.lines:
            note = _ALIAS_NOTE.match(line)
            if note is not None:
                section.recipient = normalise_address(note["addr"])
                break


def _said(section: _Section) -> bool:
    """The section has words of its own: a line besides blanks and the addresses it names
    in angle brackets (">>> a@b <a@b>" says nothing of why), besides Sendmail's note of
    the alias it came from ("(expanded from: <a@b>)", savemail.c errbody()), and besides its
    note of a delivery program's exit status (`_EXIT_NOTE`)."""
    return any(
        _BRACKETED.sub("", line).strip()
        and not _ALIAS_NOTE.match(line)
        and not _EXIT_NOTE.match(line)
        and not _PROGRAM_ENTRY.match(line)
        for line in section.lines
    )


_BRACKETED = patterns.compile(r"<[^<>\s]{1,320}>")
_ALIAS_NOTE = patterns.compile(
    r"^[ \t]{0,12}\(expanded from:? <?(?P<addr>[^<>()\s]{1,320})>?\)[ \t]{0,4}$"
)
# the quoted program or file a Sendmail list names instead of an address
_PROGRAM_ENTRY = patterns.compile(r'^[ \t]{0,12}"[|/][^"\n]{1,300}"[ \t]{0,4}$')
# Sendmail's "(reason: ...)" under an address whose delivery program (procmail, mail.local)
# failed: no reply code, only the program's exit status in sysexits.h words ("can't create
# (user) output file", EX_CANTCREAT) or Sendmail's ("Can't create output"). It says that the
# program failed, not why: what the program wrote ("procmail: Quota exceeded while writing
# ...") is in the transcript after the list, which the section takes as well.
_EXIT_NOTE = patterns.compile(
    r"^[ \t]{0,12}\(reason: (?![245]\d\d\b)[^()\n]{1,120}(?:\([^()\n]{1,20}\)[^()\n]{0,80})?\)[ \t]{0,4}$",
    re.IGNORECASE,
)


def _after_start(lines: list[str], layout: Layout, notice: str) -> list[str]:
    """The lines after the first one `layout.start` is found in, up to its stop ([] when the
    start is not there). `lines` are the notice's."""
    assert layout.start is not None
    starts = _line_patterns(layout.start, notice)
    for index, line in enumerate(lines if starts else ()):
        if any(start.search(line) for start in starts):
            block: list[str] = []
            for more in lines[index + 1 :]:
                if layout.stop.match(more) or REPORT_FIELDS.match(more):
                    break
                block.append(more)
            return block
    return []


def recognising(layouts: Iterable[Layout], message: Message, notice: str) -> Iterator[Layout]:
    """The layouts, in order, whose detect phrases are in the message's `detect_text` (up to
    each layout's window). Only those whose probe has a first string in the text are asked
    (prefilter.FirstStrings: the strings are looked for once per text for all layouts), and
    only they are visited: a notice leaves two or three of the 47 layouts to ask, and a step
    of Python for each of the others cost 9.6M instructions on the corpus (13,102 steps)."""
    steps, runs = _plan(layouts)
    for window, firsts in runs:
        text, low = _detect(message, notice, window)
        present, asked = firsts.asked(low)
        for index in sorted(asked):
            layout, probe = steps[index]
            if probe.found(text, low, present):
                yield layout


_Run = tuple[int, prefilter.FirstStrings]  # a window and its layouts' first strings
_Plan = tuple[tuple[tuple[Layout, prefilter.Probe], ...], tuple[_Run, ...]]
_PLANS: dict[int, tuple[tuple[Layout, ...], _Plan]] = {}


def _plan(layouts: Iterable[Layout]) -> _Plan:
    """Each layout with its detect pattern's probe (prefilter.Probe: the pattern's
    alternatives, each searched only where its words are), and the runs of layouts that
    look at one text (consecutive layouts of one window), in order, each with its probes'
    first strings (keyed by the layouts' indexes in `layouts`), worked out once per tuple
    of layouts."""
    if not isinstance(layouts, tuple):
        layouts = tuple(layouts)
    known = _PLANS.get(id(layouts))
    if known is None or known[0] is not layouts:
        steps = tuple((layout, prefilter.probe(layout.detect)) for layout in layouts)
        runs = [
            (window, [index for index, _ in run])
            for window, run in groupby(enumerate(layouts), key=lambda step: step[1].window)
        ]
        firsts = tuple(
            (window, prefilter.FirstStrings((index, steps[index][1]) for index in indexes))
            for window, indexes in runs
        )
        known = _PLANS[id(layouts)] = (layouts, (steps, firsts))
    return known[1]


# What an introduction says besides introducing: "(to) the following recipient(s):" and the
# like carry no reason; "..., due to being unable to connect ..." does.
_INTRODUCES = patterns.compile(
    r"^[\s,:;.\-]{0,8}(?:to[ \t]{1,3})?(?:(?:the[ \t]{1,3})?following|these|all|one or more"
    r"(?:[ \t]{1,3}of[ \t]{1,3}(?:its|the|your))?)?[ \t]{0,3}"
    r"(?:recipients?|recipient\(s\)|addresse?s?|address\(es\)|users?|destinations?)?"
    r"(?:[ \t]{1,3}(?:or|and)[ \t]{1,3}groups?)?[\s,:;.]{0,8}",
    re.IGNORECASE,
)
_WORD = patterns.compile(r"[^\W\d_]{3,}")


def _introduction_reason(notice: str, layout: Layout) -> list[str]:
    """The introduction's line (and its wrapped continuation) when it states the reason
    itself: "Unable to deliver message to the following recipients, because the message was
    forwarded more than the maximum allowed times." ([] when it only introduces, and for a
    layout known by its detect line alone, such as Haraka's, which names no introduction)."""
    if layout.start is None:
        return []
    starts = _line_patterns(layout.start, notice)
    lines = notice[: layout.window].split("\n") if starts else []
    for index, line in enumerate(lines):
        if not any(start.search(line) for start in starts):
            continue
        match = layout.start.search(line)  # the whole pattern's own match: where it ends
        if match is None:
            continue
        rest = line[match.end() :]
        said = rest[_INTRODUCES.match(rest).end() :]  # type: ignore[union-attr]
        if "@" in line or not _WORD.search(said):
            return []
        if _REASON_FOLLOWS.search(said):
            # "This message was undeliverable due to the following reason:" and the reason
            # in the paragraph below it
            return _paragraph(lines[index + 1 : index + 40], layout)
        found = [line.strip()]
        for more in lines[index + 1 : index + 4]:
            if (
                not more.strip()
                or layout.recipient.match(more[:RECIPIENT_LINE_MOST])
                or layout.stop.match(more)
            ):
                break
            found.append(more.strip())
        return found
    return []


_REASON_FOLLOWS = patterns.compile(
    r"\b(?:reasons?|because|errors?)[ \t]{0,4}:[ \t]{0,4}$", re.IGNORECASE
)


def _paragraph(lines: list[str], layout: Layout) -> list[str]:
    """The first paragraph of `lines` that is not a recipient's line."""
    found: list[str] = []
    for line in lines:
        if layout.stop.match(line):
            break
        if not line.strip() or layout.recipient.match(line[:RECIPIENT_LINE_MOST]):
            if found:
                break
            continue
        found.append(line.strip())
    return found


def _subject_reason(message: Message, layout: Layout) -> tuple[str, list[str]] | None:
    """(the reason, the addresses) the Subject states, for a layout that reads its Subject."""
    if layout.subject is None:
        return None
    match = layout.subject.search(header_text(message, "Subject"))
    if match is None or not match.group("rest").strip():
        return None
    return match.group("rest").strip(), find_addresses(match.group("rest"))


def _reason_after_each(notice: str, layout: Layout, found: list[_Section]) -> None:
    """Recipients listed bare, each followed by a reason paragraph of its own before the next
    recipient ("a@b", then "Reason: 552 ..."; the Symantec Email Security.cloud notice, Broadcom
    KB 162445): each takes its own. Unless every one has such a paragraph, nothing changes and
    the first paragraph stays the reason they share."""
    bare = [s for s in found if not s.lines]
    if len(bare) < 2:
        return
    lines = notice.split("\n")
    starts = sorted({s.line for s in found})
    own: list[list[str]] = []
    for section in bare:
        end = next((n for n in starts if n > section.line), len(lines))
        paragraph = _reason_paragraph("\n".join(lines[section.line + 1 : end]), layout)
        if not paragraph:
            return
        own.append(paragraph)
    for section, paragraph in zip(bare, own):
        section.lines = paragraph


def _reason_paragraph(notice: str, layout: Layout) -> list[str]:
    """The lines after the layout's reason heading, up to the copy marker; words after the
    heading on its own line ("Reason: mailbox full") come first."""
    assert layout.reason_heading is not None
    if not _line_patterns(layout.reason_heading, notice):
        return []  # the heading is in no line: the loop below would search them all for it
    lines = notice.split("\n")
    for index, line in enumerate(lines):
        if layout.stop.match(line):
            break  # what follows is the returned message, not the notice
        heading = layout.reason_heading.search(line)
        if heading:
            same_line = line[heading.end() :].strip()
            found: list[str] = [same_line] if same_line else []
            ended = False  # the heading's paragraph has ended at a blank line
            for rest in lines[index + 1 :]:
                if layout.stop.match(rest):
                    break
                if ended:
                    if layout.recipient.match(rest) or (
                        layout.inline is not None and layout.inline.search(rest)
                    ):
                        break  # the next recipient's account begins
                    # A later paragraph under a reason heading of its own is the same
                    # account: Alibaba Mail's notice labels its own summary "退信原因" and
                    # the receiving server's words "远程响应" (remote response) in another
                    # row of its table (samples/probe23-cn-aliyun-notice-remote-from-header).
                    # Paragraphs between them (its advice) are not read.
                    more = layout.reason_heading.search(rest)
                    if more:
                        words = rest[more.end() :].strip()
                        if words:
                            found.append(words)
                    continue
                if rest.strip() and not UNDERLINE.match(rest):
                    found.append(rest.strip())
                elif found and not rest.strip():
                    ended = True
            return found
    return []


def status_from_report(message: Message, records: list[DeliveryRecord]) -> None:
    """Take Status fields from a delivery-status part the RFC 3464 reader could not use.

    Exim writes a DSN whose Final-Recipient is the pipe or file it failed to deliver to
    (corpus: lhost-exim-44), so no record comes from it; its blocks still match the notice's
    recipients one to one, in order.
    """
    blocks = [b for part in reading(message).status_parts for b in field_blocks(part) if "status" in b]
    if len(blocks) != len(records):
        return
    for record, block in zip(records, blocks):
        if not record.status:
            record.status = find_status(block["status"])


def pasted_original(notice: str, layout: Layout) -> Message | None:
    """The original message pasted after the copy marker, when the bounce is one text part."""
    lines = notice.split("\n")
    for index, line in enumerate(lines):
        if layout.stop.match(line):
            return from_text("\n".join(lines[index + 1 :]))
    return None


# ---- The layouts -------------------------------------------------------------------------

# Exim (spec ch. 48 "Bounce messages"; src/deliver.c): "The following address(es) failed:",
# or for delay warnings "The address to which the message has not yet been delivered is:".
# A recipient line is indented two spaces; its diagnostic four. Where delivery to a pipe or
# file failed, Exim names the pipe/file, and X-Failed-Recipients names the address
# (corpus: lhost-exim-07, lhost-exim-44), or a bare local part (lhost-exim-04). MXLogic's
# relays write the same text.
EXIM = Layout(
    name="exim",
    detect=patterns.compile(
        r"This message was created automatically by mail(?:\s+delivery)? software"
        r"|\baddress(?:\(es\)|es)? failed:|has not yet been delivered (?:is|are):",
        re.IGNORECASE,
    ),
    start=patterns.compile(
        r"\baddress(?:\(es\)|es)? (?:failed|deferred):|not yet been delivered (?:is|are):"
        r"|could not be delivered to (?:one or more|all) of its recipients\.?[ \t]*$",
        re.IGNORECASE,
    ),
    recipient=patterns.compile(
        rf"^(?P<indent>[ \t]{{0,12}})(?:<?(?P<addr>{ADDRESS_ON_LINE})>?:?(?:[ \t]{{1,8}}(?P<rest>\S.{{0,4000}}))?"
        r"|(?:pipe|save|file|mail) to \S.{0,4000}|[A-Za-z0-9._%+\-]{1,128}:?)[ \t]*$"
    ),
    stop=patterns.compile(
        COPY_FOLLOWS.pattern
        + r"|^[ \t]*No action is required on your part|^The following text was generated",
        re.IGNORECASE,
    ),
    delayed=patterns.compile(
        r"has not yet been delivered|^Warning: message .{1,80} delayed"
        # cPanel's Exim also returns deferrals: "This is a temporary error. The following
        # address(es) deferred:" (samples/probe4-isp-cpanel-max-emails-delay)
        r"|\baddress(?:\(es\)|es)? deferred:",
        re.IGNORECASE | re.MULTILINE,
    ),
    header="X-Failed-Recipients",
    reason_heading=patterns.compile(r"^For the following reason:", re.IGNORECASE),
)

# Exim's delay warning whose introduction a site's warn_message_file rewrote (Exim spec,
# "Customizing bounce and warning messages"): src/src/deliver.c still lists each deferred
# address as "  a@b" with its error under it after "    Delay reason: ", whatever the file
# says around the list, so that line recognises the warning and says it is one. Read from the
# top (no English introduction to start from), a recipient only as an address on its line.
EXIM_DELAY_REASON = patterns.compile(r"^[ \t]{2,8}Delay reason: \S", re.MULTILINE)
EXIM_REWRITTEN_WARNING = Layout(
    name="exim",
    detect=EXIM_DELAY_REASON,
    recipient=patterns.compile(
        rf"^(?P<indent>[ \t]{{0,12}}+)<?(?P<addr>{ADDRESS_ON_LINE})>?[ \t]{{0,8}}$"
    ),
    stop=patterns.compile(COPY_FOLLOWS.pattern + r"|^-{4,}[ \t]", re.IGNORECASE),
    ends=patterns.compile(
        r"^(?:Received|Return-Path|Message-ID|From|Date|Subject|To):", re.IGNORECASE
    ),
    delayed=EXIM_DELAY_REASON,
    mail_system_only=True,
)

# qmail-send (qmail-send.c, "I'm afraid I wasn't able to deliver your message to the following
# addresses."), and servers descended from it that kept its "<address>:" lines and its
# "--- Below this line" marker while rewording the introduction (corpus: lhost-x2-*, lhost-x4-*).
QMAIL = Layout(
    name="qmail",
    detect=patterns.compile(
        r"\bqmail-send program\b|I'm afraid I wasn't able to deliver your message"
        r"|Unable to deliver message to the following address"
        r"|Your mail message to the following address(?:\(es\)|es)? could not be delivered"
        # qmail-send's marker before the returned message (qmail-send.c), kept by notices that
        # translate its introduction (a Polish hoster's "Bardzo nam przykro ...", samples/probe3-polish-qmail-bilingual)
        r"|^--- Below this line is a copy of the message\."
        # the same marker where qmail-send writes a MIME bounce (indimail-mta's qmail-send.c
        # with MIME: '--- Enclosed is a copy of the message.' before the message/rfc822
        # part), kept when control/bouncemessage replaces the introduction
        # (samples/probe16-tpl-indimail-de-bouncemessage-mime)
        r"|^--- Enclosed is a copy of the message\.",
        re.IGNORECASE | re.MULTILINE,
    ),
    # Winmail Server (China) keeps qmail's introduction but writes "<a@b>, remote server said:
    # 554 ..." / "<a@b>, sorry, no mailbox here by that name" (https://www.winmail.cn/ndr/;
    # samples/probe14-asia-winmail-*): a comma where qmail-send writes the colon.
    recipient=patterns.compile(rf"^(?P<indent>)<(?P<addr>{ADDRESS_ON_LINE})>[:,][ \t]*(?P<rest>\S.{{0,4000}})?$"),
)

# Haraka's outbound bounce (outbound/hmail.js populate_bounce_message() with
# config/outbound.bounce_message): "Hi. This is the Haraka Mailer program at <host>.", the
# recipients on one line "Intended Recipients: <a@b>, <c@d>", the reason on "Failure Reason:".
# Its DSN part gives a recipient only Final-Recipient and Action when the failure set no DSN
# fields (a TLS check, "Too many failures (...)"), so the notice's line is all that says why.
HARAKA = Layout(
    name="haraka",
    detect=patterns.compile(r"^Hi\. This is the Haraka Mailer program at ", re.MULTILINE),
    inline=patterns.compile(r"^Intended Recipients:", re.IGNORECASE),
    inline_names_only=True,
    reason_heading=patterns.compile(r"^Failure Reason:", re.IGNORECASE),
)

# DragonFly Mail Agent (dma, mail.c): "There was an error delivering your mail to <a@b>."
# followed by the error and "Message headers follow.".
DRAGONFLY = Layout(
    name="dragonfly",
    detect=patterns.compile(r"This is the DragonFly Mail Agent", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>)There was an error delivering your mail to <(?P<addr>{ADDRESS_ON_LINE})>\.?[ \t]*$"
    ),
    blank_ends=False,
)

# OpenSMTPD (smtpd/bounce.c): "address: error" lines after "the following list of recipients:"
# (older versions: no introduction, the returned headers follow the list directly).
OPENSMTPD = Layout(
    name="opensmtpd",
    detect=patterns.compile(
        r"This is the MAILER-DAEMON, please DO NOT REPLY|^Delivery status notification: (?:error|failed|delayed)",
        re.IGNORECASE | re.MULTILINE,
    ),
    recipient=patterns.compile(rf"^(?P<indent>)(?P<addr>{ADDRESS_ON_LINE}): (?P<rest>\S.{{0,4000}})$"),
    stop=patterns.compile(
        COPY_FOLLOWS.pattern + r"|^(?:Subject|From|To|Date|Received|Return-Path|Message-Id):",
        re.IGNORECASE,
    ),
    delayed=patterns.compile(r"A message is delayed for|notification: delayed", re.IGNORECASE),
)

# Courier (courier/module.dsn/dsn.C, dodsn() and format_del_info()): the notice heads itself
# "running the Courier mail server" (dsnheader.txt) and lists each recipient as "<a@b>:" on its
# own line, then its last delivery attempt: "     host [ip]:" for the peer, " >>> " the command
# sent, " <<< " the reply, " *** " a connection error. A delay notice's DSN part carries Status
# 4.0.0 and no Diagnostic-Code (dodsn() writes one only when it gives up), so these lines are
# all it says of the cause.
COURIER = Layout(
    name="courier",
    detect=patterns.compile(r"running the Courier mail server", re.IGNORECASE),
    recipient=patterns.compile(rf"^(?P<indent>)<(?P<addr>{ADDRESS_ON_LINE})>:[ \t]*$"),
    delayed=patterns.compile(r"DELAYS IN DELIVERING YOUR MESSAGE|^WARNING: delayed mail", re.IGNORECASE | re.MULTILINE),
)

# CommuniGate Pro: "Failed to deliver to '<a@b>'", then the module that failed and what it
# reports ("LOCAL module(account a@b) reports:" / " account is full (quota exceeded)"); the
# module(queue)address form is how CommuniGate Pro names a routed address (its Router
# documentation). The DSN part beside it has Final-Recipient "LOCAL;<a@b>" and no
# Diagnostic-Code, so these lines are all it says of the cause (samples/probe4-legacy-communigate-*).
COMMUNIGATE = Layout(
    name="communigate",
    detect=patterns.compile(r"^Failed to deliver to '", re.IGNORECASE | re.MULTILINE),
    recipient=patterns.compile(
        rf"^(?P<indent>)Failed to deliver to '<?(?P<addr>{ADDRESS_ON_LINE})>?'[ \t]*$", re.IGNORECASE
    ),
)

# XMail (QueueUtils.cpp, QueUtBuildErrorRespose()): a plain-text notice, subject "Error sending
# message [...] from [...]", whose first line gives the recipient and the reason together,
# "[<00>] XMail bounce: Rcpt=[a@b];Error=[reason]" (the remote server's reply, or XMail's own
# words), before the numbered sections repeating them. No report part (samples/probe14-winmail-xmail-*).
# A multi-line reply stands in it as received, its lines joined by CRLF (SMTPUtils.cpp
# USmtpGetResponse()): the bracket then closes on the reply's last line.
XMAIL = Layout(
    name="xmail",
    detect=patterns.compile(r"^\[<00>\] XMail bounce: Rcpt=\[", re.MULTILINE),
    recipient=patterns.compile(
        rf"^(?P<indent>)\[<00>\] XMail bounce: Rcpt=\[<?(?P<addr>{ADDRESS_ON_LINE})>?\];Error=\[(?P<rest>.{{0,4000}}?)\]?[ \t]*$"
    ),
)

# MMDF (lib/mmdf/rtn_proc.c): rtn_pnam() names each address "a@b (host: h) (queue: q)".
# rtn_error() ("Failed mail") writes "Your message could not be delivered to" / "'<address>'
# for the following" / "reason:  '<reason>'"; rtn_intro() heads a list of tab-indented
# addresses with "After N days (H hours), your message could not be / fully delivered" when it
# gives up (rtn_time(), "Failed mail") or "has not yet been / fully delivered" and "Delivery
# attempts are still pending for the following address(es):" when it warns (rtn_warn(),
# "Waiting mail"). rtn_cite() puts "Your message begins as follows:" before the returned
# headers, rtn_all() "Your message follows:".
MMDF_NAME = r"\(host: [^()\n]{1,255}\) \(queue: [^()\n]{1,64}\)"
MMDF = Layout(
    name="mmdf",
    detect=patterns.compile(MMDF_NAME, re.IGNORECASE),
    # an address of the local queue is its user name alone: "kim (host: mx.example.edu) ..."
    recipient=patterns.compile(
        rf"^(?P<indent>[ \t]{{0,8}})'?(?P<addr>{ADDRESS_ON_LINE}|[^\s<>()\[\]@,;:'\"]{{1,64}})"
        r" \(host: (?P<domain>[^()\s]{1,255})\) \(queue: [^()\n]{1,64}\)'?(?: for the following)?[ \t]*$",
        re.IGNORECASE,
    ),
    stop=patterns.compile(
        COPY_FOLLOWS.pattern + r"|^[ \t]{0,8}Your message (?:begins as follows|follows):", re.IGNORECASE
    ),
    delayed=patterns.compile(
        r"has not yet been\s{1,8}fully delivered|Delivery attempts are still pending", re.IGNORECASE
    ),
    gave_up=patterns.compile(r"your message could not be\s{1,8}fully delivered", re.IGNORECASE),
)

# Microsoft Exchange 5.5/2000/2003 Internet Mail connectors: "did not reach the following
# recipient(s):" then "address on date" with the reason indented below (corpus:
# lhost-exchange2003-*). Outlook / Exchange in Spanish says it "No se puede localizar a los
# destinatarios siguientes:", then "'a@b' en <date>" and "Error del servidor: '451 ...'"
# (notices from Mexico, Costa Rica and Spain quoted at https://pastebin.com/12qpX1rU,
# https://pastebin.com/rrDb8Y6g, https://pastebin.com/9LAaRhhi; samples/probe25-latam-outlook-*).
# In Dutch: "De volgende geadresseerde(n) zijn niet bereikt:", then "a@b op <date>" (the notice
# Ghent University's helpdesk quotes, https://helpdesk.ugent.be/email/faq.php;
# samples/probe26-defr-exchange-nl-*).
EXCHANGE2003_START = patterns.compile(
    r"did not reach the following recipient"
    r"|following recipient\(s\) (?:could not|cannot) be reached"
    r"|no se puede localizar a los destinatarios siguientes"
    r"|de volgende geadresseerde(?:\(n\)|n)? zijn niet bereikt",
    re.IGNORECASE,
)
EXCHANGE2003 = Layout(
    name="exchange2003",
    detect=EXCHANGE2003_START,
    start=EXCHANGE2003_START,
    # "a@b on 7/11/2001 9:20 AM" (Microsoft KB 284204), the address sometimes quoted; "en" in
    # the Spanish notice, "op" in the Dutch one
    recipient=patterns.compile(
        rf"^(?P<indent>[ \t]{{0,12}})['\"]?<?(?P<addr>{ADDRESS_ON_LINE})>?['\"]? (?:on|en|op) \S.{{0,200}}$"
    ),
    # the reply's label, "Server error: '...'" ("Error del servidor: '...'" in Spanish)
    reply_label=patterns.compile(r"^[ \t]*(?:server error|error del servidor)[ \t]*:[ \t]*", re.IGNORECASE),
    blank_ends=False,
    # "Lee Ward on 12/1/2026 4:41 PM": the recipient by display name (Microsoft KB 246881,
    # KB 842029; the report part says whose name it is in X-Display-Name)
    by_name=patterns.compile(
        r"^(?P<indent>[ \t]{0,12})['\"]?(?P<name>[^\s@<>'\"][^@<>\n]{0,126}?)['\"]? (?:on|en|op) \S.{0,200}$"
    ),
)

# The same words with the address at the end of their own line: "Did not reach the following
# recipient: a@b", under a "Your Message" summary of To, Subject and Date (a gateway imitating
# Exchange; corpus rfc3464-39). The words are all the reason it gives.
DID_NOT_REACH_INLINE = Layout(
    name="did-not-reach",
    detect=EXCHANGE2003.detect,
    recipient=patterns.compile(
        rf"^(?P<indent>)(?P<rest>Did not reach the following recipient\(?s?\)?):[ \t]*<?(?P<addr>{ADDRESS_ON_LINE})>?[ \t]*$",
        re.IGNORECASE,
    ),
)

# Sendmail's "----- Transcript of session follows -----": "<a@b>... reason" lines, possibly
# led by the reply and status ("550 5.1.1 <a@b>... User unknown"). Read to complete what a
# DSN part leaves out (corpus: lhost-sendmail-11, lhost-sendmail-29).
SENDMAIL_SESSION = Layout(
    name="sendmail",
    # (?<!-): a run of dashes is tried from its first dash only, so matching stays linear
    detect=patterns.compile(r"(?<!-)-{3,}[ \t]*Transcript of session follows[ \t]*-{3,}", re.IGNORECASE),
    start=patterns.compile(r"(?<!-)-{3,}[ \t]*Transcript of session follows", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>)(?:[245]\d\d[ \-](?:[245]\.\d{{1,3}}\.\d{{1,3}} )?)?<?(?P<addr>{ADDRESS_ON_LINE})>?\.\.\. ?(?P<rest>.{{0,4000}})$"
    ),
)

# Sendmail's per-recipient list ahead of a transcript, as written by sendmail itself when no
# DSN part is produced and by gateways that imitate it (corpus: lhost-activehunter-01):
# "----- The following addresses had permanent fatal errors -----", each address with its
# "(reason: ...)" line, or bare. The list ends where the transcript begins (savemail.c
# errbody() writes "----- Transcript of session follows -----" after it): the transcript
# tells of every recipient, so a bare recipient takes only its own lines from it
# (SENDMAIL_SESSION), never another recipient's reply.
SENDMAIL_LIST = Layout(
    name="sendmail",
    detect=patterns.compile(
        r"The following address(?:es|\(es\)) had (?:permanent fatal|transient non-fatal) errors",
        re.IGNORECASE,
    ),
    start=patterns.compile(
        r"The following address(?:es|\(es\)) had (?:permanent fatal|transient non-fatal) errors",
        re.IGNORECASE,
    ),
    # Bongo (Hula/NetMail lineage, src/agents/queue/queue.c CreateDSNMessage()) writes
    # "address(es)" and "<a@b>; originally to a@b (unrecoverable error)", its reason below
    # A program or file a .forward or alias named stands quoted where the address would
    # ('"|/usr/bin/procmail -t"', savemail.c errbody() prints q_paddr), its "(expanded from:
    # <a@b>)" note below it naming the address (`_named_by_alias_note`).
    recipient=patterns.compile(
        rf"^(?P<indent>[ \t]{{0,12}})(?:(?:[*>]{{1,3}}[ \t]{{0,4}})?<?(?P<addr>{ADDRESS_ON_LINE})>?"
        r"(?:;[ \t]{0,4}originally to[ \t]{1,4}\S{1,255})?:?"
        r"(?:[ \t]{1,8}(?P<rest>\S.{0,4000}))?|\"[|/][^\"\n]{1,300}\")[ \t]*$"
    ),
    # Sendmail's transcript heading ends the list (savemail.c errbody(): at the margin, after
    # three blanks). Bongo's stands inside a recipient's own block, under the "  \t" every
    # line of that block starts with (queue.c CreateDSNMessage(): "  \t  ----- transcript of
    # session follows -----"), and what follows it is that recipient's reply, a bare one when
    # the failure was not a 550 to RCPT TO (smtpd.c HandleFailure() keeps the reply's text
    # only): it is read as the recipient's own words, not as the end of the list.
    stop=patterns.compile(
        COPY_FOLLOWS.pattern + r"|^(?! {0,4}\t)[ \t]{0,12}-{3,}[ \t]{0,4}Transcript of session follows",
        re.IGNORECASE,
    ),
    blank_ends=False,
    delayed=patterns.compile(r"transient non-fatal errors", re.IGNORECASE),
    words_from=SENDMAIL_SESSION,
)

# "---The following addresses had delivery errors---" then "address [reason]" lines
# (corpus: lhost-x1-01), or "--- The following addresses had delivery problems ---" and
# "<a@b>   (5.1.1 <a@b>... User unknown)", as the Japanese ISP Synapse shows its MAILER-DAEMON's
# "Delivery Status" notice (https://magazine.synapse.jp/info/post-3346).
DELIVERY_ERRORS = Layout(
    name="delivery-errors-list",
    detect=patterns.compile(
        r"^-{2,}[ \t]*The following addresses had delivery (?:errors|problems)[ \t]*-{2,}",
        re.IGNORECASE | re.MULTILINE,
    ),
    start=patterns.compile(
        r"The following addresses had delivery (?:errors|problems)", re.IGNORECASE
    ),
)

# Mail gateways that write "Unable to deliver message to: <a@b>" then "Delivery failed for the
# following reason:" (MailFoundry, corpus lhost-mailfoundry-01).
DELIVERY_FAILED_REASON = Layout(
    name="mailfoundry",
    detect=patterns.compile(r"Delivery failed for the following reason:", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>)Unable to deliver message to: ?<?(?P<addr>{ADDRESS_ON_LINE})>?[ \t]*$", re.IGNORECASE
    ),
    blank_ends=False,
)

# "Delevery to the following recipients failed permanently:" / "... was aborted after N
# hour(s):" with "* address" lines and the reason under "Technical details:" (corpus: lhost-x3-*).
ABORTED_RECIPIENTS = Layout(
    name="delivery-status-notification",
    detect=patterns.compile(
        r"Del[ei]very to the following recipients (?:failed|was aborted|was delayed)", re.IGNORECASE
    ),
    start=patterns.compile(r"Del[ei]very to the following recipients", re.IGNORECASE),
    recipient=patterns.compile(rf"^(?P<indent>[ \t]{{0,8}})\*[ \t]{{1,4}}<?(?P<addr>{ADDRESS_ON_LINE})>?[ \t]*$"),
    blank_ends=False,
    delayed=patterns.compile(r"was aborted after|was delayed", re.IGNORECASE),
    gave_up=patterns.compile(r"was aborted after", re.IGNORECASE),
)

# Trend Micro InterScan MSS: the SMTP exchange ("Sent <<< RCPT TO:<a@b>" / "Received >>> 550 ...")
# or a notice line "Unable to deliver message to <a@b> (and other recipients in the same
# domain)." that is itself the reason (corpus: lhost-trendmicro-*).
INTERSCAN = Layout(
    name="interscan",
    detect=patterns.compile(r"^Sent <<< RCPT TO:", re.IGNORECASE | re.MULTILINE),
    recipient=patterns.compile(
        rf"^(?P<indent>)Sent <<< RCPT TO: ?<(?P<addr>{ADDRESS_ON_LINE})>[ \t]*$", re.IGNORECASE
    ),
    stop=patterns.compile(r"^\*{5,}[ \t]*End of message", re.IGNORECASE),
)
INTERSCAN_NOTICE = Layout(
    name="interscan",
    detect=patterns.compile(r"InterScan", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>)(?:Reason: +)?(?P<rest>Unable to deliver message to <(?P<addr>{ADDRESS_ON_LINE})>.{{0,400}})$",
        re.IGNORECASE,
    ),
    stop=patterns.compile(r"^\*{5,}[ \t]*End of message", re.IGNORECASE),
)

# m-FILTER (Digital Arts): a Japanese notice with the address after "...送信に失敗しました。",
# then "-------server message" and "-------SMTP command" blocks.
MFILTER = Layout(
    name="m-filter",
    detect=patterns.compile(r"m-FILTER", re.IGNORECASE),
    start=patterns.compile(r"送信に失敗しました"),
    stop=patterns.compile(r"^-{5,}original (?:message|mail)", re.IGNORECASE),
    blank_ends=False,
)

# The "The following recipients returned permanent errors: a@b. Reason: ..." notice
# (corpus: lhost-x6-01).
RETURNED_ERRORS = Layout(
    name="recipients-returned-errors",
    detect=patterns.compile(
        r"The following recipients returned (?:permanent|temporary) errors:", re.IGNORECASE
    ),
    recipient=patterns.compile(
        rf"^(?P<indent>)The following recipients returned (?:permanent|temporary) errors: "
        rf"<?(?P<addr>{ADDRESS_ON_LINE})>?\.?[ \t]{{0,4}}(?:Reason: )?(?P<rest>.{{0,4000}})$",
        re.IGNORECASE,
    ),
    delayed=patterns.compile(r"returned temporary errors", re.IGNORECASE),
)

# A qmail-derived MTA's notice: "Your delivery to the following address has been failed." then
# "Delivery failed: a@b", qmail's framing, and "STEP: DATA SEND" (corpus: unlabelled lhost-x2-07).
DELIVERY_FAILED_LINES = Layout(
    name="qmail",
    detect=patterns.compile(
        r"Your delivery to the following address(?:es)? ha(?:s|ve) been failed", re.IGNORECASE
    ),
    recipient=patterns.compile(
        rf"^(?P<indent>)Delivery failed: <?(?P<addr>{ADDRESS_ON_LINE})>?[ \t]*$", re.IGNORECASE
    ),
    stop=patterns.compile(COPY_FOLLOWS.pattern + r"|^STEP: ", re.IGNORECASE),
)

# Postfix's human-readable part (bounce(8) templates, "This is the mail system at host ..."):
# "<a@b>: reason" with continuation lines indented. Read when the DSN part is missing or
# says less (corpus: lhost-postfix-07, lhost-postfix-34). An address routed on to a host can
# carry it as a second "@host" ("<a@b@mx1.b>: User unknown: "a@b"", ASAHI Net's FAQ d01601,
# samples/probe12-jp-asahinet-*): the recipient is the address before it. Its delay warning
# (bounce_template.c def_bounce_delay_body: "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO
# RESEND YOUR MESSAGE. #", "It will be retried until it is 5 day(s) old.", Postfix 2.0's "5.0
# days old") lists its recipients the same way: they are delayed (samples/probe44-notfail-
# postfix-delay-warning-report-part-lost, read without its delivery-status part, gave a failed row).
# A gateway built on Postfix may leave out the template's first line and its signature and keep
# its sentence (Symantec Messaging Gateway's NDR in Broadcom's KB 157433: "I'm sorry to have to
# inform you that your message could not" / "be delivered to one or more recipients", then the
# "<a@b>: reply" lines), the opening of def_bounce_fail_body in Postfix's
# src/bounce/bounce_template.c.
POSTFIX = Layout(
    name="postfix",
    detect=patterns.compile(
        r"This is the (?:Postfix program|mail system) at host|^[ \t]*The (?:Postfix program|mail system)[ \t]*$"
        r"|^I'm sorry to have to inform you that your message could not$",
        re.IGNORECASE | re.MULTILINE,
    ),
    recipient=patterns.compile(
        rf"^(?P<indent>)<(?P<addr>{ADDRESS_ON_LINE})(?:@[A-Za-z0-9.\-]{{1,253}})?>(?: \(expanded from <[^>\n]{{1,300}}>\))?:[ \t]*(?P<rest>\S.{{0,4000}})?$"
    ),
    delayed=patterns.compile(
        r"THIS IS A WARNING ONLY\.[ \t]+YOU DO NOT NEED TO RESEND YOUR MESSAGE"
        r"|It will be retried until it is [0-9.]{1,8} days?(?:\(s\))? old",
        re.IGNORECASE,
    ),
)

# Halon MTA's built-in bounce (as one.com sends it: "This is the mail system at host ...",
# then per recipient "<a@b> failed: domain -> mx: reply" or "<a@b> failed: domain:" with the
# reply on the next line; https://pastebin.com/hBABeMZD, samples/probe8-esp-halon-*). Its
# opening is Postfix's, its recipient lines are not: tried before POSTFIX.
HALON = Layout(
    name="halon",
    detect=patterns.compile(rf"^<{ADDRESS_ON_LINE}> failed: ", re.MULTILINE),
    recipient=patterns.compile(
        rf"^(?P<indent>)<(?P<addr>{ADDRESS_ON_LINE})> failed:[ \t]*(?P<rest>\S.{{0,4000}})?$"
    ),
    mail_system_only=True,
)

# Postal's bounce to the sender of mail for one of its routes (app/models/bounce_message.rb:
# "This is the mail delivery service responsible for delivering mail to <route>.", the
# recipient on a "Rcpt To: a@b" line among the message's details; samples/probe8-esp-postal-*).
# It gives no cause: the route refused the mail or its endpoint failed.
POSTAL = Layout(
    name="postal",
    detect=patterns.compile(
        r"This is the mail delivery service responsible for delivering mail to", re.IGNORECASE
    ),
    start=patterns.compile(
        r"This is the mail delivery service responsible for delivering mail to", re.IGNORECASE
    ),
    recipient=patterns.compile(rf"^(?P<indent>)Rcpt To: <?(?P<addr>{ADDRESS_ON_LINE})>?[ \t]*$"),
    preamble=True,  # "The message you've sent cannot be delivered ...": its only account
    mail_system_only=True,
)

# Postfix's notice to the postmaster of a failed SMTP session ("Postfix SMTP server: errors
# from ..."), a transcript of " In:" and " Out:" lines (corpus: lhost-postfix-75).
POSTFIX_SESSION = Layout(
    name="postfix",
    detect=patterns.compile(r"^Postfix SMTP server: errors from", re.IGNORECASE | re.MULTILINE),
    start=patterns.compile(r"^Transcript of session follows", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>)[ \t]{{1,2}}In: {{1,4}}RCPT TO: ?<(?P<addr>{ADDRESS_ON_LINE})>.{{0,400}}$",
        re.IGNORECASE,
    ),
    stop=patterns.compile(r"^For other details, see the local mail logfile", re.IGNORECASE),
    blank_ends=False,
)

# Smail 3: "|---- Message log follows: ----|" (what happened), "|---- Failed addresses
# follow: ----|" with " address ... reason" lines, then "|---- Message text follows: ----|"
# and the returned message (flufl.bounce's simplematch knows it as Smail's; corpus rfc3464-37).
SMAIL = Layout(
    name="smail",
    detect=patterns.compile(r"^\|?-{5,}[ \t]*Failed addresses follow:", re.IGNORECASE | re.MULTILINE),
    start=patterns.compile(r"^\|?-{5,}[ \t]*Failed addresses follow:", re.IGNORECASE),
    stop=patterns.compile(r"^\|?-{5,}[ \t]*Message text follows:", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>[ \t]{{0,12}})<?(?P<addr>{ADDRESS_ON_LINE})>?(?:[ \t]{{1,8}}\.\.\.[ \t]*(?P<rest>\S.{{0,4000}}))?[ \t]*$"
    ),
)

# A reason, a colon and the address, one line per recipient ("User's mailbox is full:
# <a@b>"), then "Unable to deliver mail." (Prodigy's servers, as flufl.bounce's simplematch
# records; corpus rfc3464-38). IMail below writes the same lines but closes differently.
# CompuServe's Electronic Postmaster wrote the same line, marked with a "? ", and closed it
# with "Your message could not be delivered as addressed." ("? Invalid receiver address:
# <address>", Microsoft KB Q136413 'How to Send E-Mail to CompuServe Accounts'; sample
# probe24-oldisp-compuserve-invalid-receiver-address).
REASON_COLON = r"(?!(?:From|To|Cc|Bcc|Reply-To|Sender|Return-Path|Delivered-To):)(?P<rest>[A-Za-z][^:\n]{2,80}): "
UNABLE_TO_DELIVER = Layout(
    name="unable-to-deliver",
    detect=patterns.compile(
        r"^(?:Unable to deliver mail|Your message could not be delivered as addressed)\.?[ \t]*$",
        re.IGNORECASE | re.MULTILINE,
    ),
    recipient=patterns.compile(
        rf"^(?P<indent>)(?:\?[ \t]{{1,4}})?{REASON_COLON}<?(?P<addr>{ADDRESS_ON_LINE})>?[ \t]*$",
        re.IGNORECASE,
    ),
    stop=patterns.compile(
        COPY_FOLLOWS.pattern + r"|^Unable to deliver mail|^Your message could not be delivered as addressed",
        re.IGNORECASE,
    ),
)

# IMail Server (Ipswitch): "Unknown user: a@b", "User mailbox exceeds allowed size: a@b", or
# "undeliverable to a@b" with the server's reply after "Body of message generated response:",
# then "Original message follows." (corpus: lhost-imailserver-*).
IMAIL = Layout(
    name="imail",
    detect=patterns.compile(
        r"^Original message follows\.|^Body of message generated response:",
        re.IGNORECASE | re.MULTILINE,
    ),
    recipient=patterns.compile(
        rf"^(?P<indent>)(?:{REASON_COLON}|undeliverable to )(?P<addr>{ADDRESS_ON_LINE})[ \t]*$",
        re.IGNORECASE,
    ),
    blank_ends=False,
)

# Lotus Notes / Domino SMTP MTA: "------- Failure Reasons --------", the reason, the address,
# "------- Returned Message --------" (corpus: lhost-notes-*).
NOTES = Layout(
    name="notes",
    detect=patterns.compile(r"^-{3,}[ \t]*Failure Reasons[ \t]*-{3,}", re.IGNORECASE | re.MULTILINE),
    start=patterns.compile(r"Failure Reasons", re.IGNORECASE),
    stop=patterns.compile(r"^-{3,}[ \t]*Returned Message", re.IGNORECASE),
    preamble=True,
)

# MailMarshal: "Could not be delivered because of" the reason, then "The following recipients
# were affected:" and the addresses (corpus: lhost-mailmarshal-02).
MAILMARSHAL = Layout(
    name="mailmarshal",
    detect=patterns.compile(r"^Could not be delivered because of\s*$", re.IGNORECASE | re.MULTILINE),
    start=patterns.compile(r"^Could not be delivered because of", re.IGNORECASE),
    stop=patterns.compile(r"^Additional Information|^={5,}", re.IGNORECASE),
    preamble=True,
)

# Apache James mailet notices: "Error message below:" the reply, then "Message details:" with
# "RCPT TO: a@b" (corpus: lhost-apachejames-01).
# AbstractNotify.getMessage() (James 2.2 and later) writes each further recipient on a line
# of its own, aligned under the first past "  RCPT TO: " (11 blanks); an <inline>heads</inline>
# notice then pastes "Message Headers:" and the original's header block.
_JAMES_RCPT = patterns.compile(
    rf"^(?P<indent>)(?:[ \t]{{0,4}}RCPT TO: ?| {{11}})<?(?P<addr>{ADDRESS_ON_LINE})>?[ \t]*$",
    re.IGNORECASE,
)
_JAMES_HEADERS = patterns.compile(r"^Message Headers:[ \t]*$", re.IGNORECASE)
JAMES = Layout(
    name="james",
    detect=patterns.compile(r"^Error message below:", re.IGNORECASE | re.MULTILINE),
    start=patterns.compile(r"^Error message below:", re.IGNORECASE),
    recipient=_JAMES_RCPT,
    preamble=True,
    any_indent=True,
    ends=_JAMES_HEADERS,
)
# The same notice with no error message set on the mail (a Bounce mailet with a <notice> of
# its own: James 2.3 james-config.xml's virus processor, "Warning: We were unable to deliver
# the message below because it was found infected by virus(es).", or its attachment-extension
# filter): its first paragraph is the reason, "Message details:" lists the recipients.
JAMES_NOTICE = Layout(
    name="james",
    detect=patterns.compile(r"^Message details:[ \t]*$", re.IGNORECASE | re.MULTILINE),
    recipient=_JAMES_RCPT,
    preamble=True,
    any_indent=True,
    ends=_JAMES_HEADERS,
    mail_system_only=True,
)

# Apache James's RemoteDelivery bounce (server/mailet/mailets .../remote/delivery/Bouncer.java,
# explanationText(); RemoteDelivery.bounce() in James 2.x): "Hi. This is the James mail server
# at host." and "... Below / I include the list of recipients and the reason why I was unable
# to deliver / your message.", then each recipient on a line of its own and the one error
# for all of them ("There are no DNS entries for the hostname x.  I cannot determine where to
# send this message.", "Remote mail server told me: 550 ...", "Unknown host: x"). Its DSNBounce
# mailet (DSNBounce.java, createTextMsg()) writes the same introduction, then "Failed
# recipient(s):" with the addresses and "Error message:" with the error.
JAMES_INTRODUCTION = patterns.compile(
    r"^Hi\. This is the James mail server at\b"
    r"|\bI include the list of recipients and the reason why I was unable to deliver",
    re.IGNORECASE | re.MULTILINE,
)
JAMES_DSN = Layout(
    name="james",
    detect=JAMES_INTRODUCTION,
    start=patterns.compile(r"^Failed recipient\(s\):", re.IGNORECASE),
    reason_heading=patterns.compile(r"^Error message:", re.IGNORECASE),
)
JAMES_BOUNCER = Layout(
    name="james",
    detect=JAMES_INTRODUCTION,
    start=patterns.compile(
        r"\bI include the list of recipients and the reason why I was unable to deliver",
        re.IGNORECASE,
    ),
    one_reason=True,
)

# MDaemon's failure notice ("The attached message had PERMANENT fatal delivery errors!", the
# text of its editable DSN template) with its session transcript, which it includes unless
# "Don't include session transcripts in DSN messages" is set (off by default: MDaemon manual,
# Queues > Mail Queues/DSN > DSN Options): "--- Session Transcript ---", each line dated, "-->"
# what it sent, "<--" what it read (smtp.read_transcript reads it). The notice names no recipient of its own: they are the RCPT
# TO addresses the transcript shows failing, each with the reply that failed it, never the
# session's last reply ("554 5.5.1 Error: no valid recipients" to DATA).
TRANSCRIPT_NOTICE = Layout(
    name="mdaemon",
    detect=patterns.compile(
        r"\bhad PERMANENT fatal delivery errors\b|^[ \t]{0,4}-{2,}[ \t]{0,4}Session Transcript[ \t]{0,4}-{2,}",
        re.IGNORECASE | re.MULTILINE,
    ),
    from_transcript=True,
    mail_system_only=True,
)

# Kopano's and Zarafa's spooler (Kopano-dev/kopano-core spooler/mailer.cpp SendUndeliverable();
# Zarafa 7: vorlon/zarafa-debian spooler/mailer.cpp): a REPORT.IPM.Note.NDR "Undelivered Mail
# Returned to Sender" from "Mail Delivery System", read through IMAP. When the whole message
# failed: "Unfortunately, kopano-spooler was unable to deliver your mail." (Zarafa: "...,
# I was unable ..."), "The error given was:" and the error (the SMTP server's reply, or the
# spooler's own: "You are not allowed to send as user or group x"), the recipients only in
# its To (`addressed`). When some recipients failed: "... to the/some of the recipient(s).",
# then "Recipients that will be retried:" and "Recipients that failed permanently:", each
# recipient as a tab, the display name and "<address>" (the replies are kept in the MAPI
# recipient table only).
_KOPANO_HEADINGS = patterns.compile(
    r"^Recipients that (?:will be retried|failed permanently):", re.IGNORECASE
)
KOPANO_SPOOLER = Layout(
    name="kopano",
    detect=patterns.compile(
        r"^Unfortunately, (?:kopano-spooler|zarafa-spooler|I) was unable to deliver your mail\b",
        re.IGNORECASE | re.MULTILINE,
    ),
    start=_KOPANO_HEADINGS,
    recipient=patterns.compile(
        rf"^(?P<indent>[ \t]{{1,8}})(?:[^<>@\n]{{1,200}}[ \t])?<(?P<addr>{ADDRESS_ON_LINE})>[ \t]*$"
    ),
    reason_heading=patterns.compile(r"^The error given was:", re.IGNORECASE),
    addressed=True,
    delayed_heading=patterns.compile(r"^Recipients that will be retried:", re.IGNORECASE),
    mail_system_only=True,
)
# Kopano's dagent, when a user's forwarding rule targets a domain outside
# forward_whitelist_domains (spooler/rules.cpp kc_send_fwdabort_notice(), the default text of
# forward_whitelist_domain_message in spooler/DAgent.cpp): "The Kopano mail system has rejected
# your request to forward your e-mail with subject "x" (via mail filters) to a@b: the
# operation is not permitted." The line names the forward target.
_KOPANO_FORWARD = patterns.compile(
    r"^The Kopano mail system has rejected your request to forward your e-mail\b",
    re.IGNORECASE | re.MULTILINE,
)
KOPANO_FORWARD = Layout(
    name="kopano",
    detect=_KOPANO_FORWARD,
    start=_KOPANO_FORWARD,
    inline=_KOPANO_FORWARD,
    mail_system_only=True,
)

# Verizon's MMS gateway: "Message could not be delivered to mobile." and the error, the
# recipient only in the "To:" of the quoted original (corpus: lhost-verizon-01).
MMS_GATEWAY = Layout(
    name="verizon",
    detect=patterns.compile(r"^Message could not be delivered to mobile", re.IGNORECASE | re.MULTILINE),
    start=patterns.compile(r"^Message could not be delivered to mobile", re.IGNORECASE),
    recipient=patterns.compile(rf"^(?P<indent>)To: {{1,4}}<?(?P<addr>{ADDRESS_ON_LINE})>?[ \t]*$", re.IGNORECASE),
    stop=patterns.compile(r"^(?:Subject|Date): ", re.IGNORECASE),
    preamble=True,
)

# An email-to-SMS gateway's own reply to the sender of a message it could not text: the
# number and why in one sentence, the original pasted under it (Burst SMS, Email SMS
# troubleshooting: "Your SMS to XXXXXXX could not be sent. The originating email address is
# not authorised to send SMS"). The number's address is the original's (`by_number`).
# The sentence's parts: what could not be texted (SMS, MMS, a text message) to which number, and
# that it was not sent.
_TEXTED = ("SMS", "SMS message", "MMS", "MMS message", "text", "text message", "text message message")
_NUMBER = r"\+?(?P<number>[0-9][0-9 \-]{4,20}[0-9])"
_NOT_SENT = (
    r"[ \t]{1,4}(?:could not|couldn't|cannot|can't|was not|wasn't|has not been)[ \t]{1,4}"
    r"(?:be[ \t]{1,4})?(?:sent|delivered)\b"
)
_TEXT_NOT_SENT = patterns.compile(
    r"\b(?:SMS|MMS|text message|text)(?: message)? to " + _NUMBER + _NOT_SENT, re.IGNORECASE
)
SMS_GATEWAY = Layout(
    name="sms-gateway",
    # The same sentence, one alternative per way of naming what was texted: each then starts
    # with a string of its own ("sms to "), which a notice seldom holds, where the one pattern
    # above requires only " to ", which nearly every notice holds (prefilter.Probe searched it
    # in each: some 15 million instructions of the corpus run). The number's group is the
    # reading pattern's (by_number): a pattern may name a group once.
    detect=patterns.compile(
        "|".join(
            r"\b" + texted + " to " + _NUMBER.replace("?P<number>", "?:") + _NOT_SENT
            for texted in _TEXTED
        ),
        re.IGNORECASE,
    ),
    by_number=_TEXT_NOT_SENT,  # the line that recognises the reply names the number
    mail_system_only=True,  # a person may write that a text was not sent
)

# fml mailing-list manager's loop alert: "Duplicated Message-ID in <list@example.org>."
# (corpus: lhost-fml-03). The list address is the recipient that did not get the message.
FML_LOOP = Layout(
    name="fml",
    detect=patterns.compile(r"^Duplicated Message-ID in <", re.IGNORECASE | re.MULTILINE),
    recipient=patterns.compile(
        rf"^(?P<indent>)(?P<rest>Duplicated Message-ID) in <(?P<addr>{ADDRESS_ON_LINE})>\.?[ \t]*$",
        re.IGNORECASE,
    ),
    stop=patterns.compile(r"^Original mail as follows", re.IGNORECASE),
)

# ---- Notices read by their introduction ------------------------------------------------
# The layouts below are recognised by the words a notice introduces its failed recipients
# with, not by one program's marks; the phrases are data (a new wording is a new entry).


def _phrases(phrases: tuple[str, ...]) -> str:
    """One alternation of phrases, a space in them standing for a short run of blanks."""
    return r"\b(?:" + "|".join(p.replace(" ", r"[ \t]{1,3}") for p in phrases) + r")\b"


# The words of notices in other languages (rules/notices.toml): what introduces the failed
# recipients, labels a recipient and its reason, and heads the returned message.
NoticeWords = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_NOTICE_TABLES = ("preamble", "recipient_label", "reason_label", "original_heading")


def notice_words(path: Path | None = None) -> NoticeWords:
    """rules/notices.toml, read once; kept in the pattern cache while the file and this
    module are unchanged (patterns.derived), so a run needs no TOML parser."""
    return _notice_words_of(_notice_file(path))


def _notice_file(path: Path | None = None) -> str:
    return (path or builtin_dir() / "notices.toml").read_text(encoding="utf-8")


def _notice_words_of(text: str) -> NoticeWords:
    kind = patterns.code_version("notice words", __file__)
    return patterns.derived(kind, text, _read_notice_words, _are_notice_words)


def _read_notice_words(text: str) -> NoticeWords:
    import tomllib  # only when the cache does not have this file

    data = tomllib.loads(text)
    tables = []
    for name in _NOTICE_TABLES:
        words: list[str] = []
        for entry in data.get(name, []):
            if not str(entry.get("source", "")).strip():
                raise ValueError(f"notices.toml: a [[{name}]] entry without a source")
            words.extend(" ".join(p.lower().split()) for p in entry["phrases"] if p.strip())
        # longest first: where two start at one place, the whole introduction is taken
        tables.append(tuple(sorted(set(words), key=lambda p: (-len(p), p))))
    return tables[0], tables[1], tables[2], tables[3]


def _are_notice_words(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 4 and all(patterns.strings(v) for v in value)


def _spaced(char: str) -> bool:
    """A letter or digit of a script written with spaces between words (a phrase in it is
    matched at word boundaries; Chinese and Japanese have none)."""
    return char.isalnum() and ord(char) < 0x2E80


def _cell_labels(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The labels of `phrases` that stand without a colon in a table cell of their own: three
    characters or more of a script written without spaces ("收件人", "退信原因"); a language
    written with spaces needs the colon to tell a label from words."""
    return tuple(p for p in phrases if len(p) >= 3 and not _spaced(p[0]))


def _literals(phrases: tuple[str, ...]) -> str:
    """One alternation of literal phrases (case-insensitive where it is used), a space in
    them standing for a short run of blanks.

    A phrase of a script with spaces starts at a word boundary. Written `\\bword`, each
    alternative of a case-insensitive alternation costs the regex engine a boundary test
    (two character-class lookups) at every place it is tried, before its first letter is
    compared: 200 alternatives of notices in 30 languages, most of a notice's places. The
    first letter is written instead as a class of its case variants with case-sensitive
    matching, `(?-i:[Ww])`, then the boundary behind it, `(?<=\\b.)`: the engine tries an
    alternative that starts with a plain class only where the character is in it (a test in
    its loop over the alternatives), and the matches are the same (`prefilter.case_variants`
    gives the characters re.IGNORECASE matches to the letter)."""
    alternatives = []
    for phrase in phrases:
        words = phrase.split()
        first = phrase[0]
        start = r"\b" if _spaced(first) else ""
        if start and first.lower() != first.upper():
            start = "(?-i:[" + "".join(map(_in_class, prefilter.case_variants(first))) + r"])(?<=\b.)"
            words[0] = words[0][1:]
        end = r"\b" if _spaced(phrase[-1]) else ""
        alternatives.append(start + r"[ \t]{1,3}".join(map(re.escape, words)) + end)
    return "(?:" + "|".join(alternatives) + ")" if alternatives else "(?!)"


def _in_class(character: str) -> str:
    """A character as a member of a character class."""
    return "\\" + character if character in "\\]^-[" else character


def _first_letters(phrases: tuple[str, ...]) -> str:
    """A lookahead for the first letters of `phrases` in either case, to put in front of
    their case-insensitive alternation (`_literals`): the regex engine tries each such
    alternative in turn at a line's start (it has no quick test of a case-insensitive first
    letter), and most lines of a notice start with no label. The same matches: every match
    starts with one of these letters."""
    firsts = sorted({phrase.split()[0][0] for phrase in phrases if phrase.split()})
    return "(?=(?i:[" + "".join(re.escape(c) for c in firsts) + "]))" if firsts else ""


def _notice_pieces(text: str) -> tuple[str, ...]:
    """The parts of the layouts' patterns made of the words of notices.toml (whose `text`
    this is): the introductions, the recipient labels (the letters they start with, all of
    them, those that stand in a table cell), the reason labels (all, in a cell) and the
    headings of the returned message. Kept in the pattern cache as the words are: escaping
    and joining 200 phrases cost every run some 2 million instructions."""
    preambles, recipient_labels, reason_labels, headings = _notice_words_of(text)
    cell_recipient = _cell_labels(recipient_labels)
    cell_reason = _cell_labels(reason_labels)
    return (
        _literals(preambles),
        _first_letters(recipient_labels),
        _literals(recipient_labels),
        _literals(cell_recipient) if cell_recipient else "",
        _literals(reason_labels),
        _literals(cell_reason) if cell_reason else "",
        _literals(headings),
    )


(
    _PREAMBLE_WORDS,
    _RECIPIENT_LABEL_LETTERS,
    _RECIPIENT_LABEL_WORDS,
    _CELL_RECIPIENT_LABEL_WORDS,
    _REASON_LABEL_WORDS,
    _CELL_REASON_LABEL_WORDS,
    _ORIGINAL_HEADING_WORDS,
) = patterns.derived(
    patterns.code_version("notice pieces", __file__),
    _notice_file(),
    _notice_pieces,
    lambda value: patterns.strings(value) and len(value) == 7,
)


# A recipient listed on a line of its own, as notices list them: optional indent, list
# mark (a bullet, or a number: "1)", "2.") and label ("Recipient: <a@b>"), the address
# (angle brackets optional), then optionally its reason after a colon, a dash or blanks, or
# in parentheses ("a@b (user not found)"); the lines below it ("Reason: ...") go on with its
# account.
# A recipient's label: English, or one of rules/notices.toml, or two of them paired
# ("Empfänger / Recipient:"); the colon may be a full-width one (Chinese, Japanese).
_RECIPIENT_LABEL = (
    r"(?:(?:Failed |Original |Intended )?(?:Recipient|Address)(?: address)?"
    rf"|{_RECIPIENT_LABEL_LETTERS}(?i:{_RECIPIENT_LABEL_WORDS}))"
)
# A recipient label of a script written without spaces, three characters or more ("收件人"),
# needs no colon, as the reason's (_CELL_REASON_LABEL_WORDS below): an HTML notice's table puts it
# in a cell of its own and the address in the next one, which read as text become
# "收件人 a@b" (Alibaba Mail's notice, samples/probe23-cn-aliyun-notice-remote-from-header).
_CELL_RECIPIENT_LABEL = (
    rf"|{_CELL_RECIPIENT_LABEL_WORDS}[ \t]{{1,8}}" if _CELL_RECIPIENT_LABEL_WORDS else ""
)
LISTED_RECIPIENT = patterns.compile(
    # the indent taken whole: nothing after it starts with a blank (as _at_line_start)
    rf"^(?P<indent>[ \t]{{0,12}}+)(?:(?:[*>\-]|\d{{1,2}}[.)])[ \t]{{1,4}})?"
    rf"(?:{_RECIPIENT_LABEL}(?:[ \t]{{0,3}}/[ \t]{{0,3}}{_RECIPIENT_LABEL})?[ \t]{{0,3}}[:\uff1a][ \t]{{0,8}}"
    rf"{_CELL_RECIPIENT_LABEL})?"
    # in angle brackets, or in single quotes as IONOS's short notice writes it ("'a@b' 550 ...")
    rf"(?:<|')?(?P<addr>{ADDRESS_ON_LINE})(?:>|')?"
    r"(?:[ \t]{1,4}\(expanded from <[^>\n]{1,300}>\))?[:;,\uff1a]?"  # Postfix names the alias
    # the reason after a blank, or right after a full-width colon ("<a@b>：未找到主機")
    r"(?:(?:(?<=\uff1a)[ \t]{0,8}|[ \t]{1,8})(?:[\-(][ \t]{0,4})?(?P<rest>\S.{0,4000}?)\)?)?[ \t]{0,64}$"
)
# Headings of the paragraph that gives the reason for every recipient listed bare.
REASON_HEADINGS = (
    "because",
    "reason",
    "reasons",
    "failure reason",
    "error",
    "error message",
    "error details",
    "details",
    "technical details",
    "diagnostic",
    "diagnostic information",
    "remote server said",
    "remote host said",  # qmail-send's words, and Dooray!'s label ("* Remote host said :")
    "remote server replied",
    "remote server returned",
    "server response",
    "the error was",
    # alone on its line, ending a sentence wrapped above it: masqmail's tpl/failmsg.tpl and
    # warnmsg.tpl "This error message may give you a hint about what caused the" / "failure:";
    # its German and Italian templates (failmsg.tpl.de, .it, warnmsg.tpl.de) give that English
    # in parentheses after their own sentence, so the line ends "failure:)"
    r"(?:failure|delay)(?=[\x20\t]{0,4}:\)?[\x20\t]{0,4}$)",  # no space: _phrases() widens those
)
# A reason's label, alone or two of them paired like the recipient's ("Důvod / Reason:").
_REASON_LABEL = r"(?:" + _phrases(REASON_HEADINGS) + "|" + _REASON_LABEL_WORDS + r")"
# A label of a script written without spaces, three characters or more ("退信原因"), needs no
# colon: an HTML notice's table puts it in a cell of its own, its reason in the next one,
# which read as text become "退信原因 未知原因" (imail's conf/tpl/return_to_sender_html.tpl,
# after Tencent's notice; samples/probe14-asia-imail-*). Words of a language written with
# spaces ("Reason why ...") still need the colon.
# A short sentence that the message was not delivered may open the heading's line, the label
# after it: "Message not delivered. Reason: host a[b] said: 421 ..." (Mailprotector's
# bouncebacks, support.mailprotector.com article 360048244891 'Common Email Bouncebacks').
_NOT_DELIVERED = (
    r"(?:(?:the |your )?(?:message|mail|e-?mail)(?: was| has)? not (?:been )?delivered"
    r"[ \t]{0,2}[.;:][ \t]{1,4})"
)
REASON_HEADING = patterns.compile(_at_line_start(
    # a bullet may mark it as it marks the recipient's label ("* Remote host said :", NHN
    # Dooray!'s failure notice: https://github.com/run-youngjoo/SC-FEGAN/issues/51)
    r"[ \t]{0,12}(?:[*\-][ \t]{1,4})?",
    rf"(?:{_NOT_DELIVERED}?{_REASON_LABEL}(?:[ \t]{{0,3}}/[ \t]{{0,3}}{_REASON_LABEL})?"
    # a heading given in parentheses after its translation ends its line ":)" (masqmail)
    r"[ \t]{0,4}[:\uff1a](?:\)(?=[ \t]{0,4}$))?"
    + (rf"|{_CELL_REASON_LABEL_WORDS}[ \t]{{1,4}}(?=\S))" if _CELL_REASON_LABEL_WORDS else ")"),
    re.IGNORECASE,
), re.IGNORECASE)
# A line that only underlines a heading ("Reason:" then "-------"): not the reason itself.
UNDERLINE = patterns.compile(r"^[ \t]{0,12}[-=_~*]{3,200}[ \t]{0,12}$")
# Where a notice's own account ends (besides the copy markers): its advice, and the
# alternatives it suggests (which are not recipients).
NOTICE_ENDS = patterns.compile(
    COPY_FOLLOWS.pattern
    + "|"
    + _at_line_start(
        r"[ \t]{0,12}",
        r"(?:What should you do\?|Possible alternatives|Suggested alternatives"
        r"|-{2,}[ \t]{0,4}(?:Original|Forwarded) message"
        rf"|-{{2,}}[ \t]{{0,4}}{_ORIGINAL_HEADING_WORDS}"
        rf"|{_ORIGINAL_HEADING_WORDS})",
        re.IGNORECASE,
    ),
    re.IGNORECASE,
)
# Once recipients are listed, the header block of a returned message pasted without a
# marker ends the listing too (an address alone on a line of its body is no recipient).
PASTED_HEADERS = patterns.compile(
    r"^(?:Received|Return-Path|Message-ID|MIME-Version|Content-Type|From|Date|Subject|To):",
    re.IGNORECASE,
)
# A notice's words that the server is still trying: the recipients it names are delayed, not
# failed, whatever reader finds them. Exchange's delay notice, "Delivery is delayed to these
# recipients or groups:", "This message hasn't been delivered yet. Delivery will continue to be
# attempted." (Exchange 2010, cryer.co.uk; "The message hasn't been delivered yet" in the copy
# gateway.ctsltd.net quotes; kb.intermedia.net article 3280); Gmail's and Windows SMTP's
# "Delivery to the following recipient(s) has been delayed:" (pastebin.com/qa3CeqSe,
# ask-leo.com).
DELAY_WARNING = patterns.compile(
    r"delivery is delayed to these recipients or groups|"
    r"\b(?:this|the) message (?:hasn't|hasn\u2019t|has not) been delivered yet|"
    r"delivery to the following recipients? (?:has|have) been delayed",
    re.IGNORECASE,
)

# Lotus Notes / HCL Domino's delivery failure report (the router's "Delivery Failure Report"
# form written as text for Internet mail):
#     Your message
#       Subject: ...
#     was not delivered to:
#       a@example.com
#     because:
#       User a (a@example.com) not listed in Domino Directory
# under the Subject "DELIVERY FAILURE: <the reason>" ("DELIVERY_FAILURE: ..." from some
# releases), which alone names the failure when a gateway drops the body. HCL documents the
# report and the reasons added to it (Domino admin help, "Customizing the text of mail failure
# messages": transfer, delivery, expiration, domain and server failures).
# The Notes client shows the report as a form of two columns, and a report a Notes user
# forwards ("----- Forwarded by ... -----") keeps that form as text: the label's words wrap
# around the value, "was not    a@example.com" then "delivered to:", and "because:    <the
# reason>" on one line (samples/probe14-shapes-notes-user-forwards-domino-report.eml).
_DOMINO_FORM_LINE = r"^[ \t]{0,12}was not[ \t]{1,60}[^\s@]{1,64}@[^\s@]{1,255}[ \t]{0,8}$"
DOMINO = Layout(
    name="domino",
    detect=patterns.compile(
        r"^[ \t]{0,12}was not delivered to:|^DELIVERY[ _]FAILURE:|" + _DOMINO_FORM_LINE,
        re.IGNORECASE | re.MULTILINE,
    ),
    start=patterns.compile(r"\bwas not delivered to:|" + _DOMINO_FORM_LINE, re.IGNORECASE),
    recipient=LISTED_RECIPIENT,
    stop=NOTICE_ENDS,
    ends=PASTED_HEADERS,
    reason_heading=patterns.compile(r"^[ \t]{0,12}because:", re.IGNORECASE),
    inline=patterns.compile(r"\bwas not delivered to\b|" + _DOMINO_FORM_LINE, re.IGNORECASE),
    subject=patterns.compile(
        r"^[ \t]{0,4}DELIVERY[ _]FAILURE:[ \t]{0,4}(?P<rest>.{1,998})$", re.IGNORECASE
    ),
)

# Novell / Micro Focus GroupWise: "The message that you sent was undeliverable to the
# following:" then each address, its reason in parentheses or on the lines below, and
# sometimes "Possible alternatives:" (suggestions, not recipients).
GROUPWISE = Layout(
    name="groupwise",
    detect=patterns.compile(
        r"\bThe message that you sent was undeliverable to the following", re.IGNORECASE
    ),
    start=patterns.compile(r"\bwas undeliverable to the following", re.IGNORECASE),
    recipient=LISTED_RECIPIENT,
    stop=NOTICE_ENDS,
    ends=PASTED_HEADERS,
    reason_heading=REASON_HEADING,
)

# grommunio Gromox (data/local_bounce/*/BOUNCE_*, data/mlist_bounce/*/BOUNCE_MLIST_*, filled by
# mda/exmdb_local/bounce_producer.cpp and mda/mdabounce.cpp): a greeting line, one paragraph
# saying why (the reason for every recipient; its DSN part has only Status 5.0.0), then a
# summary of the returned message whose "To:" line (收件人：, 宛先：) names the recipient.
# English, Simplified and Traditional Chinese and Japanese templates.
_GROMOX_SUMMARY = (
    r"Below is the original mail information:|以下是您所发送邮件的一些基本信息："
    r"|以下是您所發送郵件的一些基本信息：|送信情報は下記となります："
)
GROMOX = Layout(
    name="gromox",
    detect=patterns.compile(rf"^[ \t]{{0,4}}(?:{_GROMOX_SUMMARY})[ \t]*$", re.MULTILINE),
    start=patterns.compile(r"^[ \t]{0,4}(?:Hi,|您好：|お知らせ：)[ \t]*$"),
    recipient=patterns.compile(
        rf"^[ \t]{{1,8}}(?:To:|收件人：|宛先：)[ \t\u3000]{{1,16}}(?P<addr>{ADDRESS_ON_LINE})[ \t]*$"
    ),
    preamble=True,
    mail_system_only=True,
)

# Introductions after which a notice names its failed recipients, whatever wrote it: each a
# fixed phrase of a bounce, never a reason (the reason follows, on the address's line or
# below it). Read wherever the introduction stands in the notice's first 64 KiB.
BOUNCE_PREAMBLES = (
    # "... could not be delivered to the following recipient(s):", "Your message could not
    # be delivered to a@b because ...", "This message was not delivered to:" (and the lines
    # that say it without "to", the address on their own line or after a colon)
    "could not be delivered",
    "couldn't be delivered",
    "cannot be delivered",
    "can't be delivered",
    "was not delivered",
    "wasn't delivered",
    "were not delivered",
    "has not been delivered to",
    # "Your message sent to / a@b / has failed to be delivered." (NHN Dooray!'s failure notice,
    # the address on its own line between: https://github.com/run-youngjoo/SC-FEGAN/issues/51)
    "has failed to be delivered",
    "was undeliverable",
    "were undeliverable",
    "undeliverable to the following",
    "delivery to the following recipients failed",
    "delivery to the following recipient failed",
    "delivery to the following recipient has failed",
    "delivery to the following recipients has been deferr?ed",  # masqmail's warnmsg.tpl
    "delivery has failed to these recipients",
    "delivery failed to",
    "delivery failed for the following",
    "following recipients could not be reached",
    "following recipient could not be reached",
    r"following recipient\(s\) could not be reached",
    r"following recipient\(s\) cannot be reached",
    # IONOS's own short notice: "The following recipients are not reachable:" over "'a@b' 550
    # must be authenticated" (its help page on undeliverable email,
    # https://www.ionos.com/help/email/troubleshooting-mail-basicmail-business/error-messages-caused-by-undeliverable-email/)
    "following recipients are not reachable",
    "following recipient is not reachable",
    "following addresses failed",
    "following recipients were rejected",
    "following recipient was rejected",
    "following recipients was rejected",
    (
        "(?:unable to|could not|couldn't|cannot|failed to) deliver"
        " (?:the |your |this )?(?:message|mail|e-?mail) to"
    ),
    "permanent error delivering to",
)
# and the introductions of notices in other languages (rules/notices.toml)
BOUNCE_PREAMBLE = patterns.compile(
    _phrases(BOUNCE_PREAMBLES) + "|" + _PREAMBLE_WORDS, re.IGNORECASE
)
PREAMBLE_NOTICE = Layout(
    name="bounce-notice",
    detect=BOUNCE_PREAMBLE,
    start=BOUNCE_PREAMBLE,
    recipient=LISTED_RECIPIENT,
    stop=NOTICE_ENDS,
    ends=PASTED_HEADERS,
    reason_heading=REASON_HEADING,
    inline=BOUNCE_PREAMBLE,
    window=WIDE_WINDOW,
    mail_system_only=True,  # a person may write "could not be delivered to" too
    # a notice that the server still tries says so
    delayed=patterns.compile(
        r"\b(?:has been delayed|is delayed|delivery (?:is |has been )?delayed"
        r"|not yet been delivered|has been deferr?ed"
        r"|will (?:retry|be retried|keep trying|continue trying|try again)|still trying)\b",
        re.IGNORECASE,
    ),
)

# AOL's own returned mail of the early 2000s: "The mail you sent could not be delivered to:"
# and per recipient the reply with the address inside it, "552 a@b has a full mailbox" (quoted
# by http://www.chilipepperweb.net/email-support/mail-quota-exceeded.html; sample
# probe6-oldmail-aol-own-full-mailbox). The whole line is the recipient's reason.
AOL_CLASSIC = Layout(
    name="aol-classic",
    detect=patterns.compile(r"^The mail you sent could not be delivered to:", re.IGNORECASE | re.MULTILINE),
    start=patterns.compile(r"^The mail you sent could not be delivered to:", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>)(?P<rest>[45]\d\d[ \t]{{1,4}}<?(?P<addr>{ADDRESS_ON_LINE})>?[ \t]{{1,8}}\S.{{0,400}})$"
    ),
    mail_system_only=True,
)

# EyouMail Server (eYou, a Chinese mail server): "[ EyouMail Server -- Error Report ]", "This
# message is generated by Eyoumail system.", the message's "Mail from:" and "Rcpt to:", then
# per recipient "The message to a@b is bounced because:" with the reason on the line below
# (http://www.eyousoft.net/eyoumailserver/knowledge006.htm; samples/probe10-world-eyou-*).
EYOU = Layout(
    name="eyou",
    detect=patterns.compile(
        r"EyouMail Server -- Error Report|This message is generated by Eyoumail system", re.IGNORECASE
    ),
    recipient=patterns.compile(
        rf"^(?P<indent>)The message to <?(?P<addr>{ADDRESS_ON_LINE})>? is bounced because:[ \t]*(?P<rest>\S.{{0,4000}})?$",
        re.IGNORECASE,
    ),
)

# The notice Virgilio/TIN's mail servers sent (quoted at
# http://xoomer.virgilio.it/cpoeri/PCTel/Trucchi/Suggerimento007.htm): "These recipients of your
# message have been processed by the mail server:", per recipient "a@b; Failed; 5.2.2 (mailbox
# full)" and, after a blank line, "Remote MTA host: SMTP diagnostic: <reply>" (sample
# probe10-world-virgilio-it-processed-mailbox-full). Only the recipients marked Failed are read.
_PROCESSED_BY = patterns.compile(
    r"These recipients of your message have been processed by the mail server:", re.IGNORECASE
)
PROCESSED_BY_MAIL_SERVER = Layout(
    name="processed-by-mail-server",
    detect=_PROCESSED_BY,
    start=_PROCESSED_BY,
    recipient=patterns.compile(
        rf"^(?P<indent>[ \t]{{0,12}})<?(?P<addr>{ADDRESS_ON_LINE})>?;[ \t]{{0,4}}(?P<rest>Failed;.{{0,4000}})$",
        re.IGNORECASE,
    ),
    blank_ends=False,
)

# MailScanner's notices to the sender (MailScanner/v5 reports/en/sender.*.report.txt, sent by
# Message.pm WarnSender() and the spam bounce with the null sender): "Our virus detector has
# just been triggered by a message you sent:-", then the message's "  To: $to" (the sorted,
# comma-separated recipients), "  Subject:" and "  Date:", then the detector's account and
# its report, then the "-- " signature. Its "Reject Message" notice (rejection.report.txt)
# comes From the recipient ($to) and names it on the same "  To:" line.
_MAILSCANNER_ENDS = patterns.compile(
    COPY_FOLLOWS.pattern
    + r"|^--[ \t]{0,4}$|^If you have any questions about this, or you believe you have received",
    re.IGNORECASE,
)
_MAILSCANNER_BLOCK = patterns.compile(r"^[ \t]{0,4}(?:Subject|Date):", re.IGNORECASE)
_MAILSCANNER_TRIGGERED = patterns.compile(
    r"^Our (?:virus detector|e-?mail content (?:detector|filters)|UCE \(spam\) detectors?"
    r"|message content detectors)[ \t]{1,4}(?:has[ \t]{1,4}just|have|has)?[ \t]{0,4}"
    r"(?:been triggered by|failed to completely analyse) a message you sent",
    re.IGNORECASE | re.MULTILINE,
)
MAILSCANNER = Layout(
    name="mailscanner",
    detect=_MAILSCANNER_TRIGGERED,
    start=_MAILSCANNER_TRIGGERED,
    stop=_MAILSCANNER_ENDS,
    inline=patterns.compile(r"^[ \t]{0,4}To:[ \t]", re.IGNORECASE),
    ends=_MAILSCANNER_BLOCK,
    account_skips=_MAILSCANNER_BLOCK,
    # the Message Content Protection notice (sender.mcp.report.txt) holds the message
    delayed=patterns.compile(r"\bhas been quarantined for review before delivery\b", re.IGNORECASE),
    mail_system_only=True,  # sent with the null sender; a person forwarding one is no bounce
)
_MAILSCANNER_UNREQUESTED = patterns.compile(
    r"^You have sent a mail message to us which was not requested and has been",
    re.IGNORECASE | re.MULTILINE,
)
MAILSCANNER_REJECTION = Layout(
    name="mailscanner",
    detect=_MAILSCANNER_UNREQUESTED,
    start=_MAILSCANNER_UNREQUESTED,
    stop=_MAILSCANNER_ENDS,
    recipient=patterns.compile(
        rf"^(?P<indent>[ \t]{{0,4}})To:[ \t]{{1,4}}<?(?P<addr>{ADDRESS_ON_LINE})>?(?:,.{{0,2000}})?[ \t]*$",
        re.IGNORECASE,
    ),
    header="From",  # the notice comes From all the recipients ($to)
    account_skips=_MAILSCANNER_BLOCK,
    mail_system_only=True,
)

LAYOUTS: tuple[Layout, ...] = (
    HARAKA,  # before qmail's, whose introduction it copies
    DRAGONFLY,
    OPENSMTPD,
    COURIER,
    COMMUNIGATE,
    XMAIL,
    MMDF,
    QMAIL,
    DELIVERY_FAILED_LINES,
    EXIM,
    EXIM_REWRITTEN_WARNING,
    EXCHANGE2003,
    DID_NOT_REACH_INLINE,
    SENDMAIL_LIST,
    DELIVERY_ERRORS,
    DELIVERY_FAILED_REASON,
    ABORTED_RECIPIENTS,
    INTERSCAN,
    INTERSCAN_NOTICE,
    MFILTER,
    RETURNED_ERRORS,
    POSTFIX_SESSION,
    POSTAL,
    HALON,
    POSTFIX,
    NOTES,
    MAILMARSHAL,
    JAMES,
    JAMES_DSN,
    JAMES_BOUNCER,
    JAMES_NOTICE,
    KOPANO_SPOOLER,
    KOPANO_FORWARD,
    MMS_GATEWAY,
    SMS_GATEWAY,
    FML_LOOP,
    SMAIL,
    UNABLE_TO_DELIVER,
    IMAIL,
    SENDMAIL_SESSION,
    DOMINO,
    GROUPWISE,
    GROMOX,
    TRANSCRIPT_NOTICE,
    AOL_CLASSIC,
    EYOU,
    PROCESSED_BY_MAIL_SERVER,
    MAILSCANNER,
    MAILSCANNER_REJECTION,
    PREAMBLE_NOTICE,  # last: any other notice that introduces its failed recipients
)


# The fixed sysexits texts Postfix's local, virtual and pipe agents put in the Diagnostic-Code
# when a mailbox write or a command fails ("x-unix; input/output error": src/global/sys_exits.c
# through dsb_unix() in mail_copy.c and pipe_command.c); the cause ("... error writing message:
# File too large", status 5.2.2) is in the notice's line for the recipient.
SYSEXITS_TEXTS = frozenset({
    "command line usage error", "data format error", "cannot open input", "user unknown",
    "host name unknown", "service unavailable", "internal software error",
    "system resource problem", "critical os file missing", "can't create user output file",
    "input/output error", "temporary failure", "remote error in protocol", "permission denied",
    "local configuration error",
})  # fmt: skip


def says_sysexits_only(record: DeliveryRecord) -> bool:
    """Whether the record's Diagnostic-Code is only a sysexits text (SYSEXITS_TEXTS)."""
    return record.diagnostic_type.lower() == "x-unix" and (
        record.diagnostic.strip().lower() in SYSEXITS_TEXTS
    )


# The first line of a multi-line reply and no final line: Sendmail's Diagnostic-Code keeps only
# the reply's first line (sendmail/usersmtp.c reply(): "only care about the first line"), and a
# server that puts its cause on a later line ("550-Verification failed for <a@b>" / ... /
# "550 Sender verify failed", Exim src/src/smtp_in.c) loses it there; the transcript has it all.
_CONTINUED_REPLY = patterns.compile(r"\s{0,8}([245]\d\d)-")


def says_first_line_only(diagnostic: str) -> bool:
    """Whether a diagnostic opens a multi-line reply ("550-...") whose final line it lacks."""
    head = _CONTINUED_REPLY.match(diagnostic)
    return head is not None and f" {head.group(1)} " not in f" {' '.join(diagnostic.split())} "


# A recipient a delivery report names, on a line of its own in the notice beside it, with the
# lines under it giving its account: the shape Exim ("  a@b" / "    reason"), qmail ("<a@b>:"),
# Courier and most notices keep whatever words a site's template puts around the list (Exim's
# bounce_message_file and warn_message_file, qmail's control/bouncemessage, Courier's
# dsn*.txt). Read by `complete_from_notice` only for recipients the report already names.
NAMED_ON_ITS_LINE = Layout(
    name="named-on-its-line",
    detect=patterns.compile(r"(?!)"),
    recipient=LISTED_RECIPIENT,
    stop=NOTICE_ENDS,
    ends=PASTED_HEADERS,
)


def _on_own_line(notice: str, addresses: list[str]) -> bool:
    """Whether a line of the notice is one NAMED_ON_ITS_LINE takes for one of `addresses`,
    which it needs to give any of them a record: half the notices it would read line by line
    name the recipient only in a sentence. Only the lines holding an address's local part and
    its "@" are matched (normalise_address keeps the local part as written, so a line naming
    the address holds them)."""
    for address in addresses:
        local = address.rpartition("@")[0] + "@"
        at = notice.find(local)
        while at != -1:
            start = notice.rfind("\n", 0, at) + 1
            end = notice.find("\n", at)
            line = notice[start : end if end != -1 else len(notice)]
            named = NAMED_ON_ITS_LINE.recipient.match(line[:RECIPIENT_LINE_MOST])
            if named and normalise_address(named["addr"]) == address:
                return True
            at = notice.find(local, at + 1)
    return False


def _only_a_command_unnamed(message: Message, notice: str, records: list[DeliveryRecord]) -> bool:
    """Whether `complete_from_notice` could add nothing to these records, known without
    reading the notice's layouts: each has its words and reply code (which a notice's text
    replaces only in the cases asked here), so it can only take a command, or a remote host
    where it has none, and the notice names neither. The texts the layouts give a record are
    made of the notice's lines (stripped, or the end of one), its SMTP dialogue and the
    Subject, so looking for a command and a host in them all at once tells; a ">>>" anywhere
    (a command quoted after other words on its line) is left to the layouts. About a third of
    the DSNs that ask (a report without the command, a notice that names none) take this."""
    for record in records:
        if not (record.diagnostic and record.reply_code) or (
            says_first_line_only(record.diagnostic)
            or says_sysexits_only(record)
            or says_no_recipients(record.diagnostic)
        ):
            return False
    if ">>>" in notice:
        return False
    transcript = read_transcript(notice)
    if any(exchange.command for exchange in transcript):
        return False
    lines = (line.strip() for line in notice.split("\n"))
    texts = "\n".join([header_text(message, "Subject"), *lines])
    if find_command(texts):
        return False
    hostless = any(not record.remote_mta for record in records)
    return not (hostless and (find_remote_host(texts) or any(e.host for e in transcript)))


def complete_from_notice(message: Message, extraction: Extraction) -> Extraction:
    """Fill what a DSN part left out from the human-readable notice beside it.

    Postfix, Sendmail and OpenSMTPD often write an empty or generic Diagnostic-Code (or none)
    while their notice quotes the remote server's reply; the notice's words then become the
    record's diagnostic, with the reply code, command and remote host they carry. A status
    the notice states more precisely (same class, DSN field x.0.0) replaces the generic one.
    A Diagnostic-Code that is DATA's "no valid recipients" (the session's last reply) gives
    way to the reply the notice's transcript shows to the recipient's own RCPT TO.
    A recipient no layout gives words to, in a notice no layout knows, takes the reply its
    own RCPT TO (or the DATA after it) failed with in the SMTP dialogue the notice quotes:
    a delay DSN often carries only Status 4.0.0 and leaves the cause to its text. A
    Diagnostic-Code that is only a multi-line reply's first line takes the whole reply the
    transcript shows for that recipient. A recipient still without words, named on a line of
    its own in a notice no layout knows (a site's own template around the MTA's list), takes
    the lines under that line (NAMED_ON_ITS_LINE).
    """
    if not extraction.records or all(
        r.diagnostic and r.reply_code and r.command and not says_first_line_only(r.diagnostic)
        for r in extraction.records
    ):
        return extraction
    notice = reading(message).notice
    if not notice or _only_a_command_unnamed(message, notice, extraction.records):
        return extraction
    said: dict[str, DeliveryRecord] = {}
    wanted = {r.recipient for r in extraction.records}
    for layout in recognising(LAYOUTS, message, notice):
        if wanted <= {a for a, r in said.items() if r.diagnostic}:
            break  # every recipient has its words: the layouts after these are not asked
        for record in read_layout(message, notice, layout, "failed"):
            known = said.get(record.recipient)
            if known is None or (record.diagnostic and not known.diagnostic):
                said[record.recipient] = record
    for known in list(said.values()):
        # Exim's report names the address the sender used; its notice the alias's target
        # under "(generated from <that address>)" (GENERATED_FROM)
        ancestor = known.original_recipient
        if ancestor in wanted and ancestor not in said and known.recipient not in wanted:
            said[ancestor] = known
    unsaid = [a for a in wanted if a not in said or not said[a].diagnostic]
    transcript: tuple[Exchange, ...] | None = None  # read once, when a record needs it
    if unsaid:
        transcript = read_transcript(notice)
        named = {e.recipient for e in transcript if e.command == "RCPT"}
        for address in unsaid:
            # only a dialogue naming the recipient: another recipient's reply is never its words
            if address in named and transcript_failure(transcript, address) is not None:
                said[address] = record_from_text(address, "", transcript=transcript)
        unsaid = [a for a in unsaid if a not in said or not said[a].diagnostic]
    if unsaid:
        # A notice whose introduction a site rewrote (a translated template) is known to no
        # layout, but its MTA's code still lists each recipient on a line of its own with
        # the account under it; the report names the recipients, so such a line is theirs.
        listed = _on_own_line(notice, unsaid)
        for record in read_layout(message, notice, NAMED_ON_ITS_LINE, "failed") if listed else ():
            if record.recipient in unsaid and record.diagnostic:
                said[record.recipient] = record
    for record in extraction.records:
        text = said.get(record.recipient)
        if text is None or not text.diagnostic:
            continue
        last_reply = (
            text.command == "RCPT"
            and bool(record.diagnostic)
            and says_no_recipients(record.diagnostic)
        )
        if last_reply:
            record.command = text.command
        if (
            not record.diagnostic
            or (text.reply_code and not record.reply_code)
            or last_reply
            or says_sysexits_only(record)
        ):
            record.diagnostic = text.diagnostic
            record.reply_code = text.reply_code
            record.status = (
                reconcile_status(record.status, text.status) if record.status else text.status
            )
        record.command = record.command or text.command
        record.remote_mta = record.remote_mta or text.remote_mta
    cut = [r for r in extraction.records if says_first_line_only(r.diagnostic)]
    if cut:
        if transcript is None:
            transcript = read_transcript(notice)
        for record in cut:
            whole = transcript_failure(transcript, record.recipient)
            first = " ".join(record.diagnostic.split())
            if whole is None or len(whole.reply) <= len(first):
                continue
            if whole.reply.startswith(first):
                record.diagnostic = whole.reply
                record.command = record.command or whole.command
    return extraction
