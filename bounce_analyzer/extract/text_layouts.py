"""The recipient-lines layouts of the MTAs and gateways we read, most distinctive first.

Each layout is recognised by phrases its software always writes (cited beside it), and says
where its recipient list starts and how a recipient line looks; `recipient_lines` does the
reading. A new server writing the same shape needs only a new entry here.
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..model import DeliveryRecord, Extraction
from .recipient_lines import (
    _ADDR,
    COPY_FOLLOWS,
    GENERIC_RECIPIENT,
    WIDE_WINDOW,
    Layout,
    RecipientLines,
    notice_text,
    read_layout,
    recognising,
)
from .smtp_text import says_no_recipients
from .text import reconcile_status

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
        r"\baddress(?:\(es\)|es)? failed:|not yet been delivered (?:is|are):"
        r"|could not be delivered to (?:one or more|all) of its recipients\.?[ \t]*$",
        re.IGNORECASE,
    ),
    recipient=patterns.compile(
        rf"^(?P<indent>[ \t]{{0,12}})(?:<?(?P<addr>{_ADDR})>?:?(?:[ \t]{{1,8}}(?P<rest>\S.{{0,4000}}))?"
        r"|(?:pipe|save|file|mail) to \S.{0,4000}|[A-Za-z0-9._%+\-]{1,128}:?)[ \t]*$"
    ),
    stop=patterns.compile(
        COPY_FOLLOWS.pattern
        + r"|^[ \t]*No action is required on your part|^The following text was generated",
        re.IGNORECASE,
    ),
    delayed=patterns.compile(
        r"has not yet been delivered|^Warning: message .{1,80} delayed",
        re.IGNORECASE | re.MULTILINE,
    ),
    header="X-Failed-Recipients",
    reason_heading=patterns.compile(r"^For the following reason:", re.IGNORECASE),
)

# qmail-send (qmail-send.c, "I'm afraid I wasn't able to deliver your message to the following
# addresses."), and servers descended from it that kept its "<address>:" lines and its
# "--- Below this line" marker while rewording the introduction (corpus: lhost-x2-*, lhost-x4-*).
QMAIL = Layout(
    name="qmail",
    detect=patterns.compile(
        r"\bqmail-send program\b|I'm afraid I wasn't able to deliver your message"
        r"|Unable to deliver message to the following address"
        r"|Your mail message to the following address(?:\(es\)|es)? could not be delivered",
        re.IGNORECASE,
    ),
    recipient=patterns.compile(rf"^(?P<indent>)<(?P<addr>{_ADDR})>:[ \t]*(?P<rest>\S.{{0,4000}})?$"),
)

# DragonFly Mail Agent (dma, mail.c): "There was an error delivering your mail to <a@b>."
# followed by the error and "Message headers follow.".
DRAGONFLY = Layout(
    name="dragonfly",
    detect=patterns.compile(r"This is the DragonFly Mail Agent", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>)There was an error delivering your mail to <(?P<addr>{_ADDR})>\.?[ \t]*$"
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
    recipient=patterns.compile(rf"^(?P<indent>)(?P<addr>{_ADDR}): (?P<rest>\S.{{0,4000}})$"),
    stop=patterns.compile(
        COPY_FOLLOWS.pattern + r"|^(?:Subject|From|To|Date|Received|Return-Path|Message-Id):",
        re.IGNORECASE,
    ),
    delayed=patterns.compile(r"A message is delayed for|notification: delayed", re.IGNORECASE),
)

# Microsoft Exchange 5.5/2000/2003 Internet Mail connectors: "did not reach the following
# recipient(s):" then "address on date" with the reason indented below (corpus:
# lhost-exchange2003-*).
EXCHANGE2003_START = patterns.compile(
    r"did not reach the following recipient"
    r"|following recipient\(s\) (?:could not|cannot) be reached",
    re.IGNORECASE,
)
EXCHANGE2003 = Layout(
    name="exchange2003",
    detect=EXCHANGE2003_START,
    start=EXCHANGE2003_START,
    # "a@b on 7/11/2001 9:20 AM" (Microsoft KB 284204), the address sometimes quoted
    recipient=patterns.compile(
        rf"^(?P<indent>[ \t]{{0,12}})['\"]?<?(?P<addr>{_ADDR})>?['\"]? on \S.{{0,200}}$"
    ),
    blank_ends=False,
)

# The same words with the address at the end of their own line: "Did not reach the following
# recipient: a@b", under a "Your Message" summary of To, Subject and Date (a gateway imitating
# Exchange; corpus rfc3464-39). The words are all the reason it gives.
DID_NOT_REACH_INLINE = Layout(
    name="did-not-reach",
    detect=EXCHANGE2003.detect,
    recipient=patterns.compile(
        rf"^(?P<indent>)(?P<rest>Did not reach the following recipient\(?s?\)?):[ \t]*<?(?P<addr>{_ADDR})>?[ \t]*$",
        re.IGNORECASE,
    ),
)

# Sendmail's per-recipient list ahead of a transcript, as written by sendmail itself when no
# DSN part is produced and by gateways that imitate it (corpus: lhost-activehunter-01):
# "----- The following addresses had permanent fatal errors -----".
SENDMAIL_LIST = Layout(
    name="sendmail",
    detect=patterns.compile(
        r"The following addresses had (?:permanent fatal|transient non-fatal) errors", re.IGNORECASE
    ),
    start=patterns.compile(
        r"The following addresses had (?:permanent fatal|transient non-fatal) errors", re.IGNORECASE
    ),
    blank_ends=False,
    delayed=patterns.compile(r"transient non-fatal errors", re.IGNORECASE),
)

# "---The following addresses had delivery errors---" then "address [reason]" lines
# (corpus: lhost-x1-01).
DELIVERY_ERRORS = Layout(
    name="delivery-errors-list",
    detect=patterns.compile(
        r"^-{2,}[ \t]*The following addresses had delivery errors[ \t]*-{2,}",
        re.IGNORECASE | re.MULTILINE,
    ),
    start=patterns.compile(r"The following addresses had delivery errors", re.IGNORECASE),
)

# Mail gateways that write "Unable to deliver message to: <a@b>" then "Delivery failed for the
# following reason:" (MailFoundry, corpus lhost-mailfoundry-01).
DELIVERY_FAILED_REASON = Layout(
    name="mailfoundry",
    detect=patterns.compile(r"Delivery failed for the following reason:", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>)Unable to deliver message to: ?<?(?P<addr>{_ADDR})>?[ \t]*$", re.IGNORECASE
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
    recipient=patterns.compile(rf"^(?P<indent>[ \t]{{0,8}})\*[ \t]{{1,4}}<?(?P<addr>{_ADDR})>?[ \t]*$"),
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
        rf"^(?P<indent>)Sent <<< RCPT TO: ?<(?P<addr>{_ADDR})>[ \t]*$", re.IGNORECASE
    ),
    stop=patterns.compile(r"^\*{5,}[ \t]*End of message", re.IGNORECASE),
)
INTERSCAN_NOTICE = Layout(
    name="interscan",
    detect=patterns.compile(r"InterScan", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>)(?:Reason: +)?(?P<rest>Unable to deliver message to <(?P<addr>{_ADDR})>.{{0,400}})$",
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
        rf"<?(?P<addr>{_ADDR})>?\.?[ \t]{{0,4}}(?:Reason: )?(?P<rest>.{{0,4000}})$",
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
        rf"^(?P<indent>)Delivery failed: <?(?P<addr>{_ADDR})>?[ \t]*$", re.IGNORECASE
    ),
    stop=patterns.compile(COPY_FOLLOWS.pattern + r"|^STEP: ", re.IGNORECASE),
)

# Postfix's human-readable part (bounce(8) templates, "This is the mail system at host ..."):
# "<a@b>: reason" with continuation lines indented. Read when the DSN part is missing or
# says less (corpus: lhost-postfix-07, lhost-postfix-34).
POSTFIX = Layout(
    name="postfix",
    detect=patterns.compile(
        r"This is the (?:Postfix program|mail system) at host|^[ \t]*The (?:Postfix program|mail system)[ \t]*$",
        re.IGNORECASE | re.MULTILINE,
    ),
    recipient=patterns.compile(
        rf"^(?P<indent>)<(?P<addr>{_ADDR})>(?: \(expanded from <[^>\n]{{1,300}}>\))?:[ \t]*(?P<rest>\S.{{0,4000}})?$"
    ),
)

# Postfix's notice to the postmaster of a failed SMTP session ("Postfix SMTP server: errors
# from ..."), a transcript of " In:" and " Out:" lines (corpus: lhost-postfix-75).
POSTFIX_SESSION = Layout(
    name="postfix",
    detect=patterns.compile(r"^Postfix SMTP server: errors from", re.IGNORECASE | re.MULTILINE),
    start=patterns.compile(r"^Transcript of session follows", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>)[ \t]{{1,2}}In: {{1,4}}RCPT TO: ?<(?P<addr>{_ADDR})>.{{0,400}}$",
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
        rf"^(?P<indent>[ \t]{{0,12}})<?(?P<addr>{_ADDR})>?(?:[ \t]{{1,8}}\.\.\.[ \t]*(?P<rest>\S.{{0,4000}}))?[ \t]*$"
    ),
)

# A reason, a colon and the address, one line per recipient ("User's mailbox is full:
# <a@b>"), then "Unable to deliver mail." (Prodigy's servers, as flufl.bounce's simplematch
# records; corpus rfc3464-38). IMail below writes the same lines but closes differently.
REASON_COLON = r"(?!(?:From|To|Cc|Bcc|Reply-To|Sender|Return-Path|Delivered-To):)(?P<rest>[A-Za-z][^:\n]{2,80}): "
UNABLE_TO_DELIVER = Layout(
    name="unable-to-deliver",
    detect=patterns.compile(r"^Unable to deliver mail\.?[ \t]*$", re.IGNORECASE | re.MULTILINE),
    recipient=patterns.compile(
        rf"^(?P<indent>){REASON_COLON}<?(?P<addr>{_ADDR})>?[ \t]*$", re.IGNORECASE
    ),
    stop=patterns.compile(COPY_FOLLOWS.pattern + r"|^Unable to deliver mail", re.IGNORECASE),
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
        rf"^(?P<indent>)(?:{REASON_COLON}|undeliverable to )(?P<addr>{_ADDR})[ \t]*$",
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
JAMES = Layout(
    name="james",
    detect=patterns.compile(r"^Error message below:", re.IGNORECASE | re.MULTILINE),
    start=patterns.compile(r"^Error message below:", re.IGNORECASE),
    recipient=patterns.compile(
        rf"^(?P<indent>)[ \t]{{0,4}}RCPT TO: ?<?(?P<addr>{_ADDR})>?[ \t]*$", re.IGNORECASE
    ),
    preamble=True,
)

# Verizon's MMS gateway: "Message could not be delivered to mobile." and the error, the
# recipient only in the "To:" of the quoted original (corpus: lhost-verizon-01).
MMS_GATEWAY = Layout(
    name="verizon",
    detect=patterns.compile(r"^Message could not be delivered to mobile", re.IGNORECASE | re.MULTILINE),
    start=patterns.compile(r"^Message could not be delivered to mobile", re.IGNORECASE),
    recipient=patterns.compile(rf"^(?P<indent>)To: {{1,4}}<?(?P<addr>{_ADDR})>?[ \t]*$", re.IGNORECASE),
    stop=patterns.compile(r"^(?:Subject|Date): ", re.IGNORECASE),
    preamble=True,
)

# fml mailing-list manager's loop alert: "Duplicated Message-ID in <list@example.org>."
# (corpus: lhost-fml-03). The list address is the recipient that did not get the message.
FML_LOOP = Layout(
    name="fml",
    detect=patterns.compile(r"^Duplicated Message-ID in <", re.IGNORECASE | re.MULTILINE),
    recipient=patterns.compile(
        rf"^(?P<indent>)(?P<rest>Duplicated Message-ID) in <(?P<addr>{_ADDR})>\.?[ \t]*$",
        re.IGNORECASE,
    ),
    stop=patterns.compile(r"^Original mail as follows", re.IGNORECASE),
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
        rf"^(?P<indent>)(?:[245]\d\d[ \-](?:[245]\.\d{{1,3}}\.\d{{1,3}} )?)?<?(?P<addr>{_ADDR})>?\.\.\. ?(?P<rest>.{{0,4000}})$"
    ),
)

# ---- Notices read by their introduction ------------------------------------------------
# The layouts below are recognised by the words a notice introduces its failed recipients
# with, not by one program's marks; the phrases are data (a new wording is a new entry).


def _phrases(phrases: tuple[str, ...]) -> str:
    """One alternation of phrases, a space in them standing for a short run of blanks."""
    return r"\b(?:" + "|".join(p.replace(" ", r"[ \t]{1,3}") for p in phrases) + r")\b"


# A recipient listed on a line of its own, as notices list them: optional indent, list
# mark and label ("Recipient: <a@b>"), the address (angle brackets optional), then
# optionally its reason after a colon, a dash or blanks, or in parentheses ("a@b (user not
# found)"); the lines below it ("Reason: ...") go on with its account.
LISTED_RECIPIENT = patterns.compile(
    rf"^(?P<indent>[ \t]{{0,12}})(?:[*>\-][ \t]{{1,4}})?"
    r"(?:(?:Failed |Original |Intended )?(?:Recipient|Address)(?: address)?:[ \t]{0,8})?"
    rf"<?(?P<addr>{_ADDR})>?"
    r"(?:[ \t]{1,4}\(expanded from <[^>\n]{1,300}>\))?[:;,]?"  # Postfix names the alias
    r"(?:[ \t]{1,8}(?:[\-(][ \t]{0,4})?(?P<rest>\S.{0,4000}?)\)?)?[ \t]{0,64}$"
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
    "remote server replied",
    "remote server returned",
    "server response",
    "the error was",
)
REASON_HEADING = patterns.compile(
    r"^[ \t]{0,12}" + _phrases(REASON_HEADINGS) + r"[ \t]{0,4}:", re.IGNORECASE
)
# Where a notice's own account ends (besides the copy markers): its advice, and the
# alternatives it suggests (which are not recipients).
NOTICE_ENDS = patterns.compile(
    COPY_FOLLOWS.pattern
    + r"|^[ \t]{0,12}(?:What should you do\?|Possible alternatives|Suggested alternatives)"
    + r"|^[ \t]{0,12}-{2,}[ \t]{0,4}(?:Original|Forwarded) message",
    re.IGNORECASE,
)
# Once recipients are listed, the header block of a returned message pasted without a
# marker ends the listing too (an address alone on a line of its body is no recipient).
PASTED_HEADERS = patterns.compile(
    r"^(?:Received|Return-Path|Message-ID|MIME-Version|Content-Type|From|Date|Subject|To):",
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
DOMINO = Layout(
    name="domino",
    detect=patterns.compile(
        r"^[ \t]{0,12}was not delivered to:|^DELIVERY[ _]FAILURE:", re.IGNORECASE | re.MULTILINE
    ),
    start=patterns.compile(r"\bwas not delivered to:", re.IGNORECASE),
    recipient=LISTED_RECIPIENT,
    stop=NOTICE_ENDS,
    ends=PASTED_HEADERS,
    reason_heading=patterns.compile(r"^[ \t]{0,12}because:", re.IGNORECASE),
    inline=patterns.compile(r"\bwas not delivered to\b", re.IGNORECASE),
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
    "was undeliverable",
    "were undeliverable",
    "undeliverable to the following",
    "delivery to the following recipients failed",
    "delivery to the following recipient failed",
    "delivery to the following recipient has failed",
    "delivery has failed to these recipients",
    "delivery failed to",
    "delivery failed for the following",
    "following recipients could not be reached",
    "following recipient could not be reached",
    r"following recipient\(s\) could not be reached",
    r"following recipient\(s\) cannot be reached",
    "following addresses failed",
    "following recipients were rejected",
    "following recipient was rejected",
    "following recipients was rejected",
    "(?:unable to|could not|couldn't|cannot|failed to) deliver"
    " (?:the |your |this )?(?:message|mail|e-?mail) to",
    "permanent error delivering to",
)
BOUNCE_PREAMBLE = patterns.compile(_phrases(BOUNCE_PREAMBLES), re.IGNORECASE)
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
        r"|not yet been delivered"
        r"|will (?:retry|be retried|keep trying|continue trying|try again)|still trying)\b",
        re.IGNORECASE,
    ),
)

LAYOUTS: tuple[Layout, ...] = (
    DRAGONFLY,
    OPENSMTPD,
    QMAIL,
    DELIVERY_FAILED_LINES,
    EXIM,
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
    POSTFIX,
    NOTES,
    MAILMARSHAL,
    JAMES,
    MMS_GATEWAY,
    FML_LOOP,
    SMAIL,
    UNABLE_TO_DELIVER,
    IMAIL,
    SENDMAIL_SESSION,
    DOMINO,
    GROUPWISE,
    PREAMBLE_NOTICE,  # last: any other notice that introduces its failed recipients
)

__all__ = ["GENERIC_RECIPIENT", "LAYOUTS", "complete_from_notice", "text_layouts"]


def text_layouts() -> RecipientLines:
    """The extractor reading every layout above."""
    return RecipientLines(LAYOUTS)


def complete_from_notice(message: Message, extraction: Extraction) -> Extraction:
    """Fill what a DSN part left out from the human-readable notice beside it.

    Postfix, Sendmail and OpenSMTPD often write an empty or generic Diagnostic-Code (or none)
    while their notice quotes the remote server's reply; the notice's words then become the
    record's diagnostic, with the reply code, command and remote host they carry. A status
    the notice states more precisely (same class, DSN field x.0.0) replaces the generic one.
    A Diagnostic-Code that is DATA's "no valid recipients" (the session's last reply) gives
    way to the reply the notice's transcript shows to the recipient's own RCPT TO.
    """
    if not extraction.records or all(
        r.diagnostic and r.reply_code and r.command for r in extraction.records
    ):
        return extraction
    notice = notice_text(message)
    if not notice:
        return extraction
    said: dict[str, DeliveryRecord] = {}
    wanted = {r.recipient for r in extraction.records}
    for layout in recognising(LAYOUTS, message, notice):
        if wanted <= said.keys():
            break  # every recipient has its words: the layouts after these are not asked
        for record in read_layout(message, notice, layout, "failed"):
            said.setdefault(record.recipient, record)
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
        if not record.diagnostic or (text.reply_code and not record.reply_code) or last_reply:
            record.diagnostic = text.diagnostic
            record.reply_code = text.reply_code
            record.status = (
                reconcile_status(record.status, text.status) if record.status else text.status
            )
        record.command = record.command or text.command
        record.remote_mta = record.remote_mta or text.remote_mta
    return extraction
