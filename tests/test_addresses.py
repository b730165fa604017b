"""Addresses as RFC 5321/5322 and RFC 6531 allow them, and rows that used to be lost (issue 15).

Each case below gave no row (or an unsafe one) before: a quoted local part with a space or
specials, a UTF-8 address in a text notice, a control character in an address (it reached the
output), a recipient line over 4,000 characters, an HTML-only notice.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bounce_analyzer.addresses import CONTROL_CHARACTER, find_addresses, normalise_address
from bounce_analyzer.classifier import load_classifier
from bounce_analyzer.htmltext import html_text
from bounce_analyzer.ingest import RawMessage
from bounce_analyzer.model import MessageError, Verdict
from bounce_analyzer.pipeline import Options, judge

from .test_bounds import grows_linearly


def judged(data: str) -> tuple[list[Verdict], MessageError | None]:
    outcome = judge(RawMessage("m", data.encode("utf-8")), load_classifier(), Options())
    return outcome.rows, outcome.error


# ---- the same failure in three shapes: a DSN, Postfix's notice, Exim's notice -------------

def dsn(address: str, kind: str = "rfc822") -> str:
    return (
        "From: MAILER-DAEMON@mx.example.net\nTo: list@example.org\nSubject: failure\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        "--B\nContent-Type: text/plain\n\nfailed\n\n"
        "--B\nContent-Type: message/global-delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
        f"Final-Recipient: {kind}; {address}\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n\n"
        "Final-Recipient: rfc822; ok@example.com\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n\n--B--\n"
    )


def postfix(address: str, reply: str = "550 5.1.1 User unknown") -> str:
    return (
        "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\nTo: a@example.org\n"
        "Subject: Undelivered Mail Returned to Sender\nContent-Type: text/plain; charset=utf-8\n\n"
        "This is the mail system at host mx.example.net.\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n\n"
        f"<{address}>: host mx.example.com[192.0.2.1] said: {reply} (in reply to RCPT TO command)\n\n"
        "<ok@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 User unknown (in\n"
        "    reply to RCPT TO command)\n"
    )


def exim(address: str, rest: str = "") -> str:
    return (
        "From: Mail Delivery System <Mailer-Daemon@mx.example.net>\nTo: a@example.org\n"
        "Subject: Mail delivery failed: returning message to sender\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n\n"
        f"  {address}{rest}\n    host mx.example.com [192.0.2.1]\n"
        f"    SMTP error from remote mail server after RCPT TO:<{address}>:\n"
        "    550 5.1.1 User unknown\n\n"
        "  ok@example.com\n    550 5.1.1 User unknown\n"
    )


SHAPES: dict[str, Callable[[str], str]] = {"dsn": dsn, "postfix": postfix, "exim": exim}
ALLOWED = [
    '"john smith"@example.com',  # RFC 5321 4.1.2 Quoted-string: a space
    '"a@b"@example.com',  # specials
    '"x\\"y"@example.com',  # a quoted-pair
    "张三@例子.example",  # RFC 6531: UTF-8 local part and domain
    "jörg@bücher.example",
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("address", ALLOWED)
def test_an_address_rfc_5321_or_6531_allows_gives_its_row(shape: str, address: str) -> None:
    rows, error = judged(SHAPES[shape](address))
    assert error is None
    assert [(r.recipient, r.reason) for r in rows] == [
        (address, "userunknown"), ("ok@example.com", "userunknown")
    ]


@pytest.mark.parametrize(
    "text,address",
    [
        ('rfc822; "john smith"@example.com', '"john smith"@example.com'),
        ('<"a@b"@Example.COM>', '"a@b"@example.com'),
        ('"john smith"@example.com (John Smith)', '"john smith"@example.com'),
        ('"John Smith" <js@example.com>', "js@example.com"),
        ('"a..b"@example.com', '"a..b"@example.com'),
        ("utf-8; 张三@例子.example", "张三@例子.example"),
        # RFC 6533 3: xtext's specials "+", "=" and backslash are written \x{2B}, \x{3D}, \x{5C}
        (r"utf-8; \x{7528}\x{6237}\x{2B}news@\x{4F8B}\x{5B50}.example", "用户+news@例子.example"),
        (r"utf-8;δοκιμή\x{2B}λίστα@example.gr", "δοκιμή+λίστα@example.gr"),
        (r"utf-8; b\x{3D}x\x{2B}y@example.com", "b=x+y@example.com"),
        # other ASCII and controls are no HEXPOINT: kept as written
        (r"utf-8; a\x{41}b@example.com", r"a\x{41}b@example.com"),
        ("jörg@Bücher.example", "jörg@bücher.example"),
    ],
)
def test_normalise_address(text: str, address: str) -> None:
    assert normalise_address(text) == address


def test_find_addresses_reads_quoted_and_utf8_addresses_whole() -> None:
    text = 'failed: "john smith"@example.com, <"a@b"@example.com>; jörg@bücher.example; 张三@例子.example'
    assert find_addresses(text) == [
        '"john smith"@example.com', '"a@b"@example.com', "jörg@bücher.example", "张三@例子.example"
    ]
    # the punctuation of prose around an address is not part of it
    assert find_addresses("送信に失敗しました。user@example.com") == ["user@example.com"]
    assert find_addresses('say "hi" to x@example.com') == ["x@example.com"]


def test_utf8_addresses_in_japanese_and_chinese_prose_come_out_whole_and_alone() -> None:
    # 々 is a letter (IDNA 2008 PVALID), not the CJK punctuation around it: 佐々木 stays whole
    assert find_addresses("宛先: 佐々木@例え.jp") == ["佐々木@例え.jp"]
    assert find_addresses("<info@佐々木.jp>") == ["info@佐々木.jp"]
    # prose punctuation ends an internationalised domain: two addresses, not one
    assert find_addresses("a@例え.jp、b@例え.jp") == ["a@例え.jp", "b@例え.jp"]
    assert find_addresses("用户@例子.广告，李四@例子.中国。") == ["用户@例子.广告", "李四@例子.中国"]
    assert find_addresses("宛先：山田@例え.jp（メールボックスが一杯です）") == ["山田@例え.jp"]
    # a Japanese word glued to an ASCII top-level label, the domain's other labels in kanji
    assert find_addresses("山田@例え.jpへのメールは配信できませんでした。") == ["山田@例え.jp"]
    assert find_addresses("山田@例え.jp宛のメール") == ["山田@例え.jp"]
    assert find_addresses("mail@例え.abcテスト.jp") == ["mail@例え.abcテスト.jp"]  # more labels follow
    # a bullet, a label and a full-width colon a line writes before the address
    assert normalise_address("■宛先：佐々木@例え.jp") == "佐々木@例え.jp"
    assert normalise_address("rfc822; 山田@例え.jp（メールボックスが一杯です）") == "山田@例え.jp"
    assert normalise_address('"■：x"@例え.jp') == '"■：x"@例え.jp'  # quoted: as written


# ---- a control character never reaches an output ---------------------------------------

REFUSED = [
    "a\x1bb@example.com",  # escape: a terminal's colour or cursor sequence
    '"john\x1b[2Jsmith"@example.com',
    "ab@exa\x7fmple.com",  # DEL
    "a\x9bb@example.com",  # C1 CSI
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("address", REFUSED)
def test_an_address_with_a_control_character_is_an_error_record(shape: str, address: str) -> None:
    rows, error = judged(SHAPES[shape](address))
    assert [r.recipient for r in rows] == ["ok@example.com"]  # the others still give rows
    assert error is not None and error.stage == "address"
    assert not CONTROL_CHARACTER.search(error.error)
    assert "\\x" in error.error


def test_a_control_character_from_an_encoded_header_is_refused() -> None:
    data = (
        "From: Mail Delivery System <Mailer-Daemon@mx.example.net>\nTo: a@example.org\n"
        "X-Failed-Recipients: =?utf-8?q?a=1Bb@example.com?=, ok@example.com\n"
        "Subject: Mail delivery failed: returning message to sender\n\n"
        "This message was created automatically by mail delivery software.\n\n"
        "The following address(es) failed:\n\n  ok@example.com\n    550 5.1.1 User unknown\n"
    )
    rows, error = judged(data)
    assert [r.recipient for r in rows] == ["ok@example.com"]
    assert error is not None and error.stage == "address"
    assert not CONTROL_CHARACTER.search(error.error)


def test_a_base64_notice_with_a_nul_in_an_address_is_refused() -> None:
    """(A raw NUL byte is dropped by the parser before any reader sees it; one in an encoded
    body reaches the readers.)"""
    import base64

    body = exim('"a\x00b"@example.com').split("\n\n", 1)
    data = (
        body[0].replace("charset=utf-8", "charset=utf-8\nContent-Transfer-Encoding: base64")
        + "\n\n" + base64.encodebytes(body[1].encode()).decode()
    )
    rows, error = judged(data)
    assert [r.recipient for r in rows] == ["ok@example.com"]
    assert error is not None and error.stage == "address" and "\\x00" in error.error


# ---- a recipient line over 4,000 characters ----------------------------------------------

LONG_REPLY = "550 5.1.1 User unknown: " + "the server explains at length. " * 160  # ~5,000


@pytest.mark.parametrize(
    "data",
    [postfix("lo@example.com", LONG_REPLY), exim("lo@example.com", " " + LONG_REPLY)],
    ids=["postfix", "exim"],
)
def test_a_recipient_line_over_4000_characters_gives_its_row(data: str) -> None:
    assert max(len(line) for line in data.split("\n")) > 4500
    rows, error = judged(data)
    assert error is None
    assert [(r.recipient, r.reason) for r in rows] == [
        ("lo@example.com", "userunknown"), ("ok@example.com", "userunknown")
    ]
    assert rows[0].reply_code == "550"


def test_a_long_postfix_line_keeps_its_words_past_the_cut() -> None:
    rows, _ = judged(postfix("lo@example.com", LONG_REPLY))
    assert "the server explains at length" in rows[0].diagnostic
    assert rows[0].command == "RCPT"  # "(in reply to RCPT TO command)" ends the 5,000 characters


# ---- an HTML-only notice -----------------------------------------------------------------

GMAIL_HTML = (
    "<!DOCTYPE html><html><head><title>Delivery Status Notification</title>"
    "<style>b {{ color: red }}</style><script>var trap = '<b>no@example.com</b>';</script></head>\n"
    "<body><p>Delivery to the following recipient failed permanently:</p>\n"
    "<p>&nbsp;&nbsp;&nbsp;&nbsp; <b>ann@example.com</b></p><!-- old@example.com -->\n"
    "<p>Technical details of permanent failure:<br>\nGoogle tried to deliver your message, but "
    "it was rejected by the server for the recipient domain example.com by mx.example.com. "
    "[192.0.2.7].<br><br>The error that the other server returned was:<br>550 5.1.1 "
    "&lt;ann@example.com&gt;: Recipient address rejected: User unknown</p></body></html>\n"
)
HTML_HEAD = (
    "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nTo: a@example.org\n"
    "Subject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\n"
)


def test_an_html_only_notice_gives_its_rows() -> None:
    rows, error = judged(HTML_HEAD + "Content-Type: text/html; charset=utf-8\n\n" + GMAIL_HTML)
    assert error is None
    assert [(r.recipient, r.reason, r.reply_code) for r in rows] == [
        ("ann@example.com", "userunknown", "550")
    ]


def test_an_html_part_beside_the_returned_message_gives_its_rows() -> None:
    data = (
        HTML_HEAD + 'Content-Type: multipart/mixed; boundary="X"\n\n'
        "--X\nContent-Type: text/html; charset=utf-8\n\n" + GMAIL_HTML
        + "--X\nContent-Type: message/rfc822\n\nFrom: a@example.org\nTo: ann@example.com\n"
        "Subject: hello\nMessage-ID: <hello-1@example.org>\n\nhello\n--X--\n"
    )
    rows, error = judged(data)
    assert error is None
    assert [(r.recipient, r.reason, r.original_message_id) for r in rows] == [
        ("ann@example.com", "userunknown", "<hello-1@example.org>")
    ]


def test_an_html_postfix_notice_is_read_by_its_layout() -> None:
    data = (
        "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\nTo: a@example.org\n"
        "Subject: Undelivered Mail Returned to Sender\nContent-Type: text/html; charset=utf-8\n\n"
        "<html><body><p>This is the mail system at host mx.example.net.</p><p>I'm sorry to "
        "have to inform you that your message could not<br>be delivered to one or more "
        "recipients.</p><p>&lt;bob@example.com&gt;: host mx.example.com[192.0.2.1] said: 550 "
        "5.1.1 User unknown (in reply to RCPT TO command)</p></body></html>\n"
    )
    rows, error = judged(data)
    assert error is None
    assert [(r.recipient, r.mta, r.command) for r in rows] == [("bob@example.com", "postfix", "RCPT")]


def test_html_text() -> None:
    text = html_text(GMAIL_HTML.replace("{{", "{").replace("}}", "}"))
    assert text.split("\n") == [
        "", "Delivery Status Notification", "",
        "Delivery to the following recipient failed permanently:", "", "ann@example.com", "",
        "Technical details of permanent failure:",
        (
            "Google tried to deliver your message, but it was rejected by the server for the "
            "recipient domain example.com by mx.example.com. [192.0.2.7]."
        ),
        "",
        "The error that the other server returned was:",
        "550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown", "",
    ]
    assert "no@example.com" not in text and "old@example.com" not in text  # script, comment
    assert html_text("a < 5 and <a@example.com>, x<br/>y<td>z") == "a < 5 and <a@example.com>, x\ny z"
    assert html_text("<li>one<li>two<div>three</div>") == "\none\ntwo\nthree\n"
    assert len(html_text("<p>x</p>" * 100_000, limit=1000)) == 1000


@pytest.mark.parametrize(
    "unit",
    ["<", "<!--", "<b", "<script>", "<a ", "<<>", "&amp;", "<p>\n", "<!-- -- >"],
)
def test_html_text_is_linear_on_hostile_html(unit: str) -> None:
    def make(size: int) -> Callable[[], object]:
        html = unit * (size // len(unit))
        return lambda: html_text(html, limit=1 << 30)

    assert grows_linearly(make, 1 << 17)
