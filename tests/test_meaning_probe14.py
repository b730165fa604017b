"""The meaning tier on what probe round 14 found no words for (rules/meaning/*.toml): each text in,
its reason and the entry's language out; the words that must not read as that reason; and the
log-in words that stop a recipient reading only where they are the clause's own subject."""

from __future__ import annotations

from pathlib import Path

import pytest

from bounce_analyzer import meaning
from bounce_analyzer import rules as rulebook

from .conftest import meaning_of as read
from .conftest import reason_of

# ---------------------------------------------------------------------------------------------
# A recipient stated unknown, then a log-in clause: the recipient. Log-in words as the clause's
# own subject, before the predicate or in its phrase: the log-in.


@pytest.mark.parametrize(
    "text",
    [
        "550 5.1.1 User unknown; authentication required",
        "550 User unknown, authentication is required",
        "550 Recipient unknown: authentication failed",
        "550 Mailbox does not exist. Authentication required",
    ],
)
def test_an_unknown_recipient_before_a_log_in_clause_is_the_recipient(text: str) -> None:
    assert read(text) == ("userunknown", "meaning:en:userunknown")


@pytest.mark.parametrize(
    "text",
    [
        "530 5.7.0 Authentication required",
        "535 5.7.8 Authentication failed: user unknown",
        "535 Authentication credentials invalid",
        "550 User unknown authentication required",  # one phrase: its log-in words
    ],
)
def test_log_in_words_as_the_subject_stay_the_log_in(text: str) -> None:
    assert reason_of(text) == "securityerror"


def test_a_password_in_the_same_phrase_is_no_unknown_recipient() -> None:
    assert reason_of("535 Invalid username or password") != "userunknown"


def test_a_domain_before_a_sender_clause_stays_the_senders() -> None:
    # a domain says not whose: "Domain not found; sender address rejected" is the sender's
    assert reason_of("553 Domain not found; sender address rejected") == "rejected"


# ---------------------------------------------------------------------------------------------
# Words each source shows, read by general words


# (text, reason, language of the entry)
READ = [
    # XMail QueueUtils.cpp: the queue gave up after its count of attempts
    ("The maximum number of delivery attempts has been reached", "expired", "en"),
    ("550 Maximum number of delivery attempts reached", "expired", "en"),
    ("The maximum number of tentatives has been reached", "expired", "en"),
    ("554 too many delivery attempts for this message", "expired", "en"),
    # XMail SMTPSvr.cpp SMTPCheckReturnPath(): the sender's domain, the sender on a spam list
    ("505 Your domain has no DNS/MX entries", "rejected", "en"),
    ("504 You are registered as spammer", "rejected", "en"),
    # WP.pl: the return path's MX; MAIL FROM joined
    ("554 sorry, refused mailfrom because return MX does not exist", "rejected", "en"),
    ("553 Invalid mailfrom address", "rejected", "en"),
    ("550 return path domain not found", "rejected", "en"),
    # XMail Errors.cpp, Hornetsecurity: the receiver's filters, an attachment refused
    ("550 Message rejected by server filters", "policyviolation", "en"),
    ("554 5.5.7 e-mail Rejected Content Attachment", "policyviolation", "en"),
    ("550 Attachment type not allowed", "policyviolation", "en"),
    # XMail SMTPSvr.cpp: TLS before MAIL FROM (a command out of sequence for want of TLS)
    ("503 Bad sequence of commands (TLS needed for this session)", "securityerror", "en"),
    ("530 TLS required for this session", "securityerror", "en"),
    # HCL Domino's router, RFC 5321 5.1: a domain without MX or address records
    ("550 5.1.2 domain has no MX record", "hostunknown", "en"),
    ("DNS Hard Error looking up example.net (A): domain has no A record", "hostunknown", "en"),
    ("Host example.net has no A record", "hostunknown", "en"),
    ("主机无法被系统解析", "hostunknown", "zh"),
    ("550 收件人域名无法被解析", "hostunknown", "zh"),
    # the recipient disabled: a mailbox's short name, Korean 사용중지, Chinese 休眠
    ("550 Inactive mbox", "suspend", "en"),
    ("550 5.2.1 mbox disabled", "suspend", "en"),
    ("550 해당 계정은 사용중지 되었습니다", "suspend", "ko"),
    ("550 사용 중지된 계정입니다", "suspend", "ko"),
    ("550 该账户处于休眠状态", "suspend", "zh"),
    ("550 收件人邮箱休眠", "suspend", "zh"),
    # a mailbox at its count of messages held
    ("552 邮箱文件夹邮件数量限制", "mailboxfull", "zh"),
    # Hornetsecurity: a loop; the filter's size limit
    ("554 5.5.6 Loop detection > 10 mal X-antispameurope-disclaimer", "networkerror", "en"),
    ("552 5.5.2 Message size (content filter)", "mesgtoobig", "en"),
    ("554 5.5.3 e-mail Rejected Content Filter Size", "mesgtoobig", "en"),
    # RFC 3463 X.4.3 "Directory server failure": the network and routing class
    ("550 5.4.3 ROUTING SERVER FAILURE", "networkerror", "en"),
    ("451 4.4.3 Directory server failure", "networkerror", "en"),
    # Microsoft's pt-PT help: the relay refused in European Portuguese
    ("550 Reencaminhamento Negado", "norelaying", "pt"),
    ("550 <alguem@example.com>... Reencaminhamento Recusado", "norelaying", "pt"),
    ("550 Não é permitido reencaminhar mensagens", "norelaying", "pt"),
    # Polish (Interia's and konto.pl's help) and Czech (Seznam's and C4's help)
    ("550 5.1.1 Konto do którego próbujesz wysłać maila nie istnieje", "userunknown", "pl"),
    ("550 Adres odbiorcy nie istnieje", "userunknown", "pl"),
    ("550 Nie ma takiego użytkownika", "userunknown", "pl"),
    ("552 Odbiorca ma przepełnioną skrzynkę", "mailboxfull", "pl"),
    ("550 Konto zostało zawieszone", "suspend", "pl"),
    ("550 Domena nie istnieje", "hostunknown", "pl"),
    ("550 Schránka neexistuje", "userunknown", "cs"),
    ("550 Uživatel neexistuje", "userunknown", "cs"),
    ("552 Schránka příjemce je přeplněná", "mailboxfull", "cs"),
    ("550 Účet byl deaktivován", "suspend", "cs"),
    ("550 Doména neexistuje", "hostunknown", "cs"),
]


@pytest.mark.parametrize(("text", "reason", "language"), READ)
def test_reads(text: str, reason: str, language: str) -> None:
    found = read(text)
    assert found is not None and found[0] == reason, found
    assert found[1].startswith(f"meaning:{language}:"), found


# (text, the reason it must not be): the same words saying something else
NOT = [
    # the sender's domain without MX is the sender's, not the recipient's domain
    ("505 Your domain has no DNS/MX entries", "hostunknown"),
    ("554 refused mailfrom because return MX does not exist", "hostunknown"),
    # a recipient domain without MX is the recipient's, not the sender refused
    ("550 5.1.2 domain has no MX record", "rejected"),
    # a filter that judged spam, a virus or the size says that
    ("554 Message rejected by content filter: spam score 12", "policyviolation"),
    ("550 attachment rejected: virus found", "policyviolation"),
    ("552 message rejected by server filters: size too large", "policyviolation"),
    # a sequence error with no word of TLS stays the conversation's
    ("503 Bad sequence of commands", "securityerror"),
    # a protocol violation after STARTTLS is the conversation's, whatever it names
    ("523 5.7.10 SMTP protocol violation, no commands allowed to pipeline after STARTTLS.",
     "securityerror"),
    # a server failure of the receiving system itself stays its own trouble
    ("451 4.3.0 Internal server failure", "networkerror"),
    # attempts that are not the queue's
    ("535 Too many authentication attempts", "expired"),
    # a count sent per day is a rate, not a full mailbox
    ("550 您的邮箱每日发送邮件数量限制已到", "mailboxfull"),
    # negated, or said of the sender (Polish, Czech)
    ("552 Skrzynka nie jest przepełniona", "mailboxfull"),
    ("553 Adres nadawcy nie istnieje", "userunknown"),
    ("552 Schránka není plná", "mailboxfull"),
    ("553 Adresa odesílatele neexistuje", "userunknown"),
    ("535 Heslo uživatele neplatné", "userunknown"),
    # relaying in Portuguese that is allowed
    ("250 reencaminhamento permitido", "norelaying"),
]


@pytest.mark.parametrize(("text", "not_reason"), NOT)
def test_does_not_read_as(text: str, not_reason: str) -> None:
    assert reason_of(text) != not_reason


def test_an_english_spam_filter_is_the_english_entry() -> None:
    # "Spam-Filter" in German tokenises to the English words: the English entry reads them
    assert read("Message rejected by NextGenTel Spam Filter") == (
        "spamdetected",
        "meaning:en:spamdetected",
    )
    assert read("550 Nachricht vom Spamfilter abgelehnt") == (
        "spamdetected",
        "meaning:de:spamdetected",
    )


# ---------------------------------------------------------------------------------------------
# vetoes_before: validated like vetoes, and only in files of words

GOOD = """
language = "xx"
script = "words"
negations = ["not"]

[subjects]
recipient = ["user"]
login = ["password"]

[[entry]]
id = "meaning:xx:userunknown"
reason = "userunknown"
subjects = ["recipient"]
predicates = ["unknown"]
vetoes_before = ["password"]
source = ["test"]
"""


def test_vetoes_before_count_before_and_in_the_phrase(tmp_path: Path) -> None:
    (tmp_path / "xx.toml").write_text(GOOD, encoding="utf-8")
    loaded = meaning.load(str(tmp_path))
    assert meaning._scan_words("user unknown", loaded)[0] is not None
    assert meaning._scan_words("password user unknown", loaded)[0] is None
    assert meaning._scan_words("user unknown password", loaded)[0] is None
    found = meaning._scan_words("user unknown; password", loaded)[0]
    assert found is not None and found.id == "meaning:xx:userunknown"


def test_vetoes_before_are_single_words(tmp_path: Path) -> None:
    (tmp_path / "xx.toml").write_text(
        GOOD.replace('vetoes_before = ["password"]', 'vetoes_before = ["pass word"]'),
        encoding="utf-8",
    )
    with pytest.raises(rulebook.RuleError) as caught:
        meaning.load(str(tmp_path))
    assert "xx.toml" in str(caught.value) and "single words" in str(caught.value)


def test_vetoes_before_survive_the_cache() -> None:
    loaded = meaning.load()
    again = meaning.undump(meaning.dump(loaded))
    entry = next(e for e in again.entries if e.id == "meaning:en:userunknown")
    assert "authentication" in entry.vetoes_before
