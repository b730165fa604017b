"""Reading fixes from probe round 23 (cn), shown on notices written here with other words,
hosts and addresses than samples/probe23-cn-*:

- an HTML notice whose table puts the recipient label (收件人) in one cell and the address in
  the next, which read as text is "收件人 a@b" with no colon (Alibaba Mail's notice);
- a notice that labels its own summary (退信原因) and, in a later row, the receiving server's
  words (远程响应): both are the recipient's account, the advice between them is not;
- a reply code written right after the command or the word that introduces it, with a colon
  and no blank ("RCPT TO:550 5.2.1 ...", "reply:554 ...");
- QQ Mail's and Exmail's opening "您的邮件被退回来了" introduces the notice.
"""

from __future__ import annotations

import pytest

from bounce_analyzer.api import analyze_bytes
from bounce_analyzer.smtp import find_reply_code

from .conftest import extracted, records


def html_notice(rows: str) -> bytes:
    return (
        "From: postmaster@mail.example.cn\nTo: buyer@example.cn\n"
        "Subject: =?UTF-8?B?6YCA5L+h?=\nMIME-Version: 1.0\n"
        "Content-Type: text/html; charset=utf-8\n\n"
        "<html><body><p>您好，您的邮件无法投递到下列收件人。</p>\n<table>\n"
        + rows
        + "\n</table>\n<p>原邮件信息：</p><p>主题：样品确认</p></body></html>\n"
    ).encode("utf-8")


CELLS = (
    "<tr><td>收件人</td><td>qian.lu@example.org</td></tr>\n"
    "<tr><td>退信原因</td><td>收件方地址不存在，或暂时不可用。</td></tr>\n"
    "<tr><td>解决方案</td><td>请检查地址；请确认对方邮箱是否被禁用或冻结。</td></tr>\n"
    "<tr><td>远程响应</td><td>the mta server of example.org -- mx.example.org(192.0.2.7) "
    "reply:552 5.2.2 Mailbox quota exceeded for this user</td></tr>\n"
)


def test_a_recipient_label_in_a_cell_of_its_own_names_the_recipient() -> None:
    found = records(html_notice(CELLS).decode("utf-8"))
    assert list(found) == ["qian.lu@example.org"]


def test_the_remote_response_row_is_read_with_the_summary_and_the_advice_is_not() -> None:
    found = records(html_notice(CELLS).decode("utf-8"))
    diagnostic = found["qian.lu@example.org"].diagnostic
    assert "收件方地址不存在" in diagnostic
    assert "Mailbox quota exceeded" in diagnostic
    assert "冻结" not in diagnostic  # the advice row


def test_the_servers_words_decide_and_give_the_reply_code() -> None:
    verdicts = {v.recipient: v for v in analyze_bytes(html_notice(CELLS))}
    verdict = verdicts["qian.lu@example.org"]
    assert verdict.reason == "mailboxfull"
    assert verdict.reply_code == "552"


def test_a_label_with_its_colon_still_reads_and_a_bare_word_is_no_label() -> None:
    text = html_notice(
        "<tr><td>收件人：</td><td>bai.yu@example.net</td></tr>\n"
        "<tr><td>退信原因</td><td>550 User not found</td></tr>\n"
    ).decode("utf-8")
    assert list(records(text)) == ["bai.yu@example.net"]
    # "人" alone is no recipient label: a line "人 a@b" is not read as one
    text = html_notice(
        "<tr><td>人</td><td>no.label@example.net</td></tr>\n"
        "<tr><td>退信原因</td><td>550 User not found</td></tr>\n"
    ).decode("utf-8")
    found = extracted(text)
    assert found is None or "no.label@example.net" not in {r.recipient for r in found.records}


def test_each_inline_recipient_keeps_its_own_labelled_reason() -> None:
    text = (
        "From: postmaster@mail.example.cn\nTo: office@example.cn\nSubject: Returned\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        "您发送给 lin.a@example.com 的邮件未能投递成功。\n"
        "退信原因：SMTP error, RCPT TO:552 5.2.2 Mailbox full\n\n"
        "您发送给 lin.b@example.net 的邮件未能投递成功。\n"
        "退信原因：SMTP error, RCPT TO:550 5.1.1 No such user\n"
    )
    found = records(text)
    assert "No such user" not in found["lin.a@example.com"].diagnostic
    verdicts = {v.recipient: v for v in analyze_bytes(text.encode("utf-8"))}
    assert verdicts["lin.a@example.com"].reason == "mailboxfull"
    assert verdicts["lin.a@example.com"].reply_code == "552"
    assert verdicts["lin.b@example.net"].reason == "userunknown"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("SMTP error, RCPT TO:550 5.1.1 No such user", "550"),
        ("SMTP error, MAIL FROM:553 sender refused", "553"),
        ("SMTP error, DATA:554 Message refused", "554"),
        ("mx.example.org(192.0.2.9) reply:451 try again later", "451"),
        ("remote host said:421 too busy", "421"),
        # not a command or an introducing word: an IPv6 group, a port, a time
        ("host [2001:db8:550::1] refused", ""),
        ("connect to mx.example.org:550 refused", ""),
        ("at 12:550 then", ""),
    ],
)
def test_a_reply_code_after_its_command_and_a_colon(text: str, code: str) -> None:
    assert find_reply_code(text) == code


def test_the_qq_opening_introduces_the_notice() -> None:
    text = (
        "From: MAILER-DAEMON@mail.example.cn\nTo: shop@example.cn\nSubject: Returned\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        "很抱歉，您的邮件被退回来了。\n\n收件人：zeng.h@example.com\n"
        "出错原因：收件人邮箱空间已满。\n"
    )
    verdicts = {v.recipient: v for v in analyze_bytes(text.encode("utf-8"))}
    assert verdicts["zeng.h@example.com"].reason == "mailboxfull"


def test_a_person_writing_the_same_words_is_not_a_notice() -> None:
    text = (
        "From: friend@example.cn\nTo: me@example.cn\nSubject: hi\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        "我的邮件被退回了，收件人：wu.k@example.com 你能帮我看看吗？\n"
    )
    assert not [v for v in analyze_bytes(text.encode("utf-8")) if v.recipient == "wu.k@example.com"]


def test_a_later_introduction_is_read_when_the_first_names_no_one() -> None:
    # the opening introduces the notice, a summary of the returned message ends its account
    # at once; the sentence under the summary ("您发送给 a@b ...") names the recipient
    text = (
        "From: postmaster@mail.example.cn\nTo: desk@example.cn\nSubject: Returned\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        "抱歉，您的邮件被退回来了。\n\n原邮件信息：\n主题：月度报表\n\n退信原因：\n"
        "您发送给 fang.q@example.org 的邮件被对方服务器拒收，对方服务器返回信息："
        "550 5.2.2 mailbox full\n"
    )
    verdicts = {v.recipient: v for v in analyze_bytes(text.encode("utf-8"))}
    assert list(verdicts) == ["fang.q@example.org"]
    assert verdicts["fang.q@example.org"].reason == "mailboxfull"
