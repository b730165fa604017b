"""The meaning tier: a subject and a predicate of one reason near each other in the server's words.

Phrase rules (rules/phrases/) know exact wordings. A server that words the same fact its own way
("the mailbox you wrote to does not exist", "Empfängeradresse unbekannt", "BAD_RECIPIENT") would
end `onhold`; this tier reads such text for its meaning instead. It runs after the phrase rules
and before the status-code table (see classifier.py), from word lists in rules/meaning/ (one TOML
file per language; the files' headers say how the lists were built).

Words (en, de, fr, es, pt, it, nl, ru; files with `script = "words"`):

- The normalised diagnostic is cut into tokens: on whitespace, on punctuation, `_` and `-`,
  and on case changes (`MailboxNotFound` -> mailbox not found, `BAD_RECIPIENT` -> bad
  recipient); tokens are lower-cased and stripped of accents. An e-mail address, a host name or
  a dotted number (`5.1.1`) is one placeholder token. A reply or status code, a sentence end
  (". ", "! ", "? "; not an ellipsis: Sendmail's "<kim@example.com>... User unknown" is one
  clause; nor a word a file lists in `abbreviations`, Lithuanian "el." of "el. pašto adresas")
  and a file's `breaks` words ("said") start a new clause.
- Every list entry is tokenised the same way and looked up as a token sequence (a trie walk of
  at most MAX_PHRASE tokens from each position, longest match wins; a shorter form said
  alone where a longer predicate starts is asked after it, should the predicate find no subject).
- A predicate ("does not exist") gives its entry's reason when a subject of a side the entry
  names ("recipient": user, mailbox ...; "domain": domain, host ...) is within WINDOW tokens
  before or after it in the same clause, the nearest such subject deciding between entries
  (recipient domain not found -> hostunknown). It is skipped when a negation ends right before
  it ("is not full"), when a sender-side subject (sender, your IP, HELO ...) is within the
  window before it or is nearer after it than any fitting subject, or, for a domain or an
  `alone` form, is anywhere in the window after it ("no MX for sender domain": a refusal of
  the sender or the sending host is not a verdict about the recipient), when the token right
  after it is one of the entry's `not_followed_by` ("unknown error"), or when one of its
  `vetoes` is within WINDOW tokens, clause or not ("daily sending quota exceeded" is not a full mailbox; "Host
  not found. Name service error" is a failed lookup). Its `vetoes_before` count before the
  predicate (within WINDOW tokens) and after it only up to the next punctuation mark: "Invalid
  username or password" and "Authentication failed: user unknown" are a log-in's words, while
  "User unknown; authentication required" states the recipient unknown, then asks another thing.
  An entry's `needs` are the opposite: one of them must be within WINDOW tokens, clause or not,
  for it to fit ("no longer in use ... please write to <address> instead" has moved; without a
  word of writing elsewhere the same words are an address gone, read by the next entry). An
  entry with `at_end` fits only where its predicate ends the clause ("550 Recipient address
  rejected" and nothing more).
- Entries about the sending side (`about = "sending"`: the sender's address, the connecting
  host, its log-in or reverse DNS name, the message, relaying, encryption, the network, the
  receiving system) give reasons such as rejected, blocked, requireptr, securityerror,
  spamdetected or networkerror. Sender-side subjects fit them instead of vetoing them; their
  predicate still needs the nearest subject to be of their side, and their `alone` forms
  ("dnsbl", "connection refused", "too many recipients") need none. An entry about the
  recipient that fits anywhere in the text comes before them. For an entry about the
  recipient, only subjects of the recipient's, the domain's and the sender's sides count, so
  "the address you sent the message to does not exist" stays about the address.
- An e-mail address standing alone ("RCPT (kim@example.com) doesn't exist") is a subject of
  the recipient's mailbox and its domain at once, for the entries about the recipient only; right
  after a subject it is that subject ("sender <kim@example.org>"), and after "from" (or another
  language's "of") it is no subject at all. A host subject with a name and an IPv4 address
  standing alone after it ("host mail.example.org [192.0.2.10]") is the connecting host.
- A text with the status X.1.7 or X.1.8 (RFC 3463: the sender's address is bad) is read by the
  sending-side entries only.
- `alone` forms say subject and predicate at once ("badrcptto", "no mailbox", "nxdomain"); they
  need no further subject, but the sender-side and negation checks still apply.

Characters (ja, zh, ko; `script = "characters"`): the same, on character strings: a predicate
found with str.find, a fitting subject within CHAR_WINDOW characters on either side (a
sentence end "。" closes the window), negations before (`negations`) or after
(`negations_after`: Japanese and Korean negate after the verb).

Cost: tokenising is linear in the text (capped at rules.MATCH_LIMIT characters); each position
walks the trie at most MAX_PHRASE steps; each predicate found looks at most WINDOW tokens each
side. The character scan finds each predicate string with str.find and looks at most
CHAR_WINDOW characters each side of at most MAX_HITS hits. No regular expression with an
unbounded repeat sees the text. `_scan_words` and `_scan_characters` count their steps, so the
tests check the bound by construction. The lists are loaded once per process, from a marshal
cache beside the rule cache when the files have not changed.
"""

from __future__ import annotations

import marshal
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, overload

from . import patterns
from . import rules as rulebook

# Tokens between a subject and a predicate, at most ("The email account that you tried to
# reach is over quota": six between "account" and "over"; a relative clause in German,
# French, Italian or Portuguese takes two more: "Die Adresse, an die Sie die Nachricht
# gesendet haben, ist nicht vorhanden", the address you sent the message to does not exist,
# the way Microsoft's NDR pages in those languages word the X.1.10 cause).
WINDOW = 8
# Characters between a subject and a predicate in Japanese, Chinese and Korean, at most.
CHAR_WINDOW = 12
# Tokens of the longest list entry ("could not be resolved"...).
MAX_PHRASE = 6
# Predicate hits looked at in the character scan; more is not a server's message.
MAX_HITS = 256
# Results remembered per text; emptied when full.
CACHE = 4096

# What a subject is about. The recipient's side: its mailbox, its domain. The sending side:
# the sender's address ("sender"), the connecting host ("client"), its log-in ("login"), its
# reverse DNS name ("rdns"), the connection it opened ("connection"), the message itself
# ("message"), its header fields ("header"), relaying ("relay"), the connection's encryption
# ("secure").
RECIPIENT_SIDES = ("recipient", "domain")
# A subject of these sides near a predicate says the words are about the sender or its host,
# so never about the recipient: "Sender address rejected: Domain not found".
SENDER_SIDES = ("sender", "client", "login", "rdns")
# The connection ("connection from ... rejected") names no side: it never vetoes the recipient.
SIDES = (*RECIPIENT_SIDES, *SENDER_SIDES, "connection", "message", "header", "relay", "secure")
# What an entry's reason is about: `about = "recipient"` (the default: the recipient's mailbox
# or domain) or "sending" (the sender, its host, the message or its way there).
ABOUT = ("recipient", "sending")
SCRIPTS = ("words", "characters")
# Reasons a meaning entry may not give: they are not what a server's words say about a mailbox.
NOT_GIVEN = frozenset({"onhold", "undefined", "delivered", "feedback", "vacation"})
FILE_KEYS = frozenset(
    {"language", "script", "breaks", "abbreviations", "negations", "negations_after",
     "locatives", "subjects", "entry"}
)
ENTRY_KEYS = frozenset(
    {"id", "reason", "about", "given_up", "subjects", "predicates", "alone", "not_followed_by",
     "vetoes", "vetoes_before", "needs", "at_end",
     "source"}
)

# Runs of letters and digits within a whitespace-separated chunk (`_` and punctuation split).
# The scripts of India (U+0900-U+0DFF, Devanagari to Sinhala) write a word's vowels and its
# nasal and virama as marks beside its consonants, which are no word characters to `\w`:
# "प्राप्तकर्ता" (recipient) would be five runs. Their blocks count as letters whole, less
# the danda and double danda that end a sentence (U+0964, U+0965). (`_` is a word character
# to `\w`: a chunk's underscores are made spaces before the runs are found.)
RUN = patterns.compile(r"[\w\u0900-\u0963\u0966-\u0dff]{1,64}")
# A reply code or an enhanced status code standing alone: the server's answer starts there.
CODE = patterns.compile(r"[245][0-9][0-9]|[245]\.[0-9]{1,3}\.[0-9]{1,3}")
COMBINING = patterns.compile(r"[\u0300-\u036f]")
# Marks written on or between letters that no word needs to be read: Hebrew points and
# cantillation (U+0591-U+05C7, its punctuation maqaf, paseq and sof pasuq left out), Arabic
# harakat, Quranic marks and the hamza written above or below a letter (U+0610-U+061A,
# U+064B-U+065F, U+0670, U+06D6-U+06ED less its letters), and the tatweel, a stretch of the
# line between letters (U+0640, Unicode 15 chapter 9.2). Servers rarely write them; a word
# written with one was read as two words (the marks are no word characters), or not at all.
# Taken out of a text before it is cut into words, and out of a folded word (NFKD turns
# "أ" into "ا" and a hamza above).
MARKS = patterns.compile(
    r"[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u0640\u064b-\u065f"
    r"\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]"
)
# One letter for the letters Arabic and Persian write alike: Arabic yeh and alef maksura as
# Persian yeh, Arabic kaf as keheh (Unicode 15 chapter 9.2, "Arabic" and its Persian notes), heh
# with yeh above (the ezafe's one-letter form) as heh. A Persian reply typed on an Arabic
# keyboard ("كاربر") reads as the Persian word ("کاربر"), and Arabic words read as before,
# both sides being folded alike.
LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
                         "\u06c0": "\u0647"})
# RFC 3463 X.1.7 "Bad sender's mailbox address syntax", X.1.8 "Bad sender's system address":
# a text that carries one is about the sender, whatever its words say of "the address".
SENDER_STATUS = patterns.compile(r"(?<![0-9.])[45]\.1\.[78](?![0-9.])")
# An IPv4 address standing alone ("from 192.0.2.1", "[192.0.2.1]"): in a refusal, the address
# a server names is the connecting host's (RFC 5321 4.1.4: the server knows the client by it);
# the remote server's own address comes with its name or a port ("mx.example.net[192.0.2.1]",
# "192.0.2.1:25"), which stay host placeholders.
IPV4 = patterns.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")
# Its token: a subject of the connection's side in every language (no word splits into it).
IP_TOKEN = "[ip]"
# An e-mail address standing alone ("RCPT (kim@example.com) doesn't exist", "kim@example.com
# is no longer valid"): in a reply to RCPT TO, the address a server names is the one it was
# given, the recipient's (RFC 5321 3.3 and 4.1.1.3), so it stands where "the address" would.
# Its token stays the placeholder; the scan reads it as a recipient subject, unless a subject
# stands right before it ("sender <kim@example.org>": that subject's) or a word that makes it the
# sender's ("Mail from kim@example.org rejected", "From: kim@example.org") or says whose it is
# in another language ("das Postfach von kim@..."): then it is no subject, as before.
ADDRESS = patterns.compile(r"[A-Za-z0-9._%+!#$&'*^`{|}~-]{1,64}@[A-Za-z0-9.-]{1,255}")
# Its side: the recipient's mailbox and its domain at once ("kim@example.net does not exist",
# "kim@example.net does not have any MX records configured on its domain"), so that an entry
# of either side fits it; never a side a word list names.
ADDRESS_SIDE = "address"
WORD_SIDES = (*SIDES, ADDRESS_SIDE)
# Words before an address that make it the sender's (the MAIL FROM address, the From field, "sent
# by") or say whose it is, both ways ("Postfach von", "buzon de", "casella di", "mailbox van"):
# the address there is no subject of its own.
ADDRESS_OF = frozenset(
    {"from", "by", "of", "von", "de", "da", "di", "van", "desde", "depuis", "от"}
)
STRIP = "<>()[]{}\"'`,;:!?.#*|"
# A chunk ending in one of these ends a phrase (vetoes_before look no further after a predicate).
# (with the Arabic comma and question mark, U+060C and U+061F, and the danda and double danda
# of the scripts of India, U+0964 and U+0965)
PAUSES = frozenset(",;:.!?\u060c\u061f\u0964\u0965")
SENTENCE_END = frozenset(".!?\u061f\u0964\u0965")
CHAR_BREAKS = ("。", "！", "？", "\n")
TERM = ""  # the key of a trie node's terminal (no token is empty)
# A terminal's flags: the words negate what follows ("not"), or make the domain subject that
# follows a place ("at": "unknown at host example.com" says where, not what is unknown).
NEGATION = 1
LOCATIVE = 2


@dataclass(frozen=True, slots=True)
class Entry:
    """One reason of one language: its subjects' sides and its words."""

    id: str
    reason: str
    sides: tuple[str, ...]
    not_followed_by: frozenset[str]
    vetoes: frozenset[str]
    file: str
    about: str = "recipient"
    # Vetoes before the predicate, or after it in the same phrase (no punctuation between).
    vetoes_before: frozenset[str] = frozenset()
    # Words one of which must be within WINDOW tokens, clause or not (the vetoes' reach), for
    # the entry to fit: "no longer in use ... write to <address>" says where the mail goes now.
    needs: frozenset[str] = frozenset()
    # The predicate must end its clause (nothing follows it but a sentence end, a code or the
    # text's end): "550 Recipient address rejected" says no more than that, while "Recipient
    # address rejected: Mailbox full" goes on to say why.
    at_end: bool = False

    @property
    def recipient(self) -> bool:
        return self.about == "recipient"


# What a token sequence is, in any of the languages, at the end of its path in the trie: the
# side it is a subject of (or ""), the entries it is a predicate of and those it says alone
# (their places in Meaning.entries), and its flags (NEGATION, LOCATIVE). Plain tuples, as the
# file cache keeps them, so a loaded trie is used as it is read.
Terminal = tuple[str, tuple[int, ...], tuple[int, ...], int]


@dataclass(slots=True)
class _Terminal:
    """A Terminal while the lists are read (the builder adds to it)."""

    side: str = ""
    predicates: list[Entry] = field(default_factory=list)
    alone: list[Entry] = field(default_factory=list)
    negation: bool = False
    locative: bool = False


@dataclass(frozen=True, slots=True)
class CharEntry:
    entry: Entry
    predicates: tuple[str, ...]
    alone: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Meaning:
    """The loaded word lists: a trie of token sequences and the character-script entries."""

    trie: dict[str, Any]  # token -> node; a node's TERM key holds its Terminal
    entries: Sequence[Entry]  # the word-script entries, by the numbers the trie gives
    breaks: frozenset[str]
    # words written with a full stop that ends no sentence (Lithuanian "el." in "el. pašto
    # adresas", an e-mail address), lower-cased as written
    abbreviations: frozenset[str]
    char_entries: tuple[CharEntry, ...]
    char_subjects: dict[str, tuple[str, ...]]  # side -> strings
    char_negations: tuple[str, ...]
    char_negations_after: tuple[str, ...]
    files: tuple[str, ...]
    # entry id -> its `given_up` reason, for the entries that have one
    given_up: dict[str, str] = field(default_factory=dict)
    # The character-script needles by their first character, in list order: (needle, place
    # in the lists, entry, alone). Derived from char_entries, never passed in or cached.
    char_index: dict[str, list[tuple[str, int, Entry, bool]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        index: dict[str, list[tuple[str, int, Entry, bool]]] = {}
        place = 0
        for char_entry in self.char_entries:
            for strings, is_alone in ((char_entry.predicates, False), (char_entry.alone, True)):
                for needle in strings:
                    index.setdefault(needle[0], []).append(
                        (needle, place, char_entry.entry, is_alone)
                    )
                    place += 1
        object.__setattr__(self, "char_index", index)  # frozen: derived once, here


# ---------------------------------------------------------------------------------------------
# Tokens


def fold(piece: str) -> str:
    """Lower case, accents removed (NFKD, combining marks dropped): "Empfänger" -> "empfanger";
    Arabic and Hebrew marks dropped and the letters Arabic and Persian share made one (MARKS,
    LETTERS): "كاربر" -> "کاربر"."""
    piece = piece.lower()
    if piece.isascii():
        return piece
    folded = COMBINING.sub("", unicodedata.normalize("NFKD", piece.translate(LETTERS)))
    return MARKS.sub("", folded)


def split_case(run: str) -> list[str]:
    """`MailboxNotFound` -> Mailbox, Not, Found; `RecipNotFound`; `XMLParser` -> XML, Parser;
    `IPs` stays one word."""
    if run.islower() or run.isupper() or len(run) < 2:
        return [run]
    pieces = []
    start = 0
    last = len(run) - 1
    for k in range(1, len(run)):
        before, here = run[k - 1], run[k]
        # "XMLParser" splits before "Parser"; an acronym's plural ("IPs", "DNSBLs") does not.
        if here.isupper() and (
            before.islower()
            or (before.isupper() and k < last and run[k + 1].islower() and run[k + 1 :] != "s")
        ):
            pieces.append(run[start:k])
            start = k
    pieces.append(run[start:])
    return pieces


def slashed_words(core: str) -> bool:
    """Whether a chunk with a slash and no dot or "@" is words joined by slashes
    ("invalid/missing signature": Exim's DKIM ACL example; "host/domain", "and/or"), read as
    words, not as a path."""
    return all(map(str.isalpha, core.split("/")))


def tokenise(
    text: str,
    breaks: frozenset[str] = frozenset(),
    identifiers: dict[int, tuple[str, int]] | None = None,
    pauses: set[int] | None = None,
    addresses: set[int] | None = None,
    abbreviations: frozenset[str] = frozenset(),
) -> tuple[list[str], list[int]]:
    """(tokens, clause number of each token). "" stands for an address, host or number,
    IP_TOKEN for an IPv4 address standing alone.

    `identifiers`, when given, receives for each word split on case changes its whole form:
    first token's index -> (lower-cased word, its number of tokens) ("OverQuota" -> overquota).
    `pauses`, when given, receives the index of each token that follows a punctuation mark
    ("unknown; authentication": the index of "authentication").
    `addresses`, when given, receives the index of each placeholder that is an e-mail address.
    `abbreviations`: words whose full stop ends no sentence (a file's `abbreviations`).
    """
    tokens: list[str] = []
    clauses: list[int] = []
    clause = 0
    for whole in text.split():
        # "<kim@example.com>:Invalid User": the words after an address's closing bracket
        # are words of their own.
        parts = whole.split(">") if ">" in whole[:-1] else (whole,)
        for chunk in parts:
            core = chunk.strip(STRIP)
            if core and CODE.fullmatch(core):
                clause += 1  # a code starts the server's answer: "host x said: 550 ..."
                tokens.append("")
                clauses.append(clause)
            elif core and IPV4.fullmatch(core):
                tokens.append(IP_TOKEN)
                clauses.append(clause)
            elif core and (
                "@" in core
                or (
                    core == core.lower()
                    and ("." in core or ("/" in core and not slashed_words(core)))
                )
            ):
                if addresses is not None and "@" in core and ADDRESS.fullmatch(core):
                    addresses.add(len(tokens))
                tokens.append("")  # an address, a host name, a path, a dotted number
                clauses.append(clause)
            elif core:
                if not core.isascii():
                    core = MARKS.sub("", core)  # a mark between letters does not cut a word
                for run in RUN.findall(core.replace("_", " ") if "_" in core else core):
                    pieces = split_case(run)
                    if identifiers is not None and len(pieces) > 1:
                        identifiers[len(tokens)] = (fold(run), len(pieces))
                    for piece in pieces:
                        token = fold(piece)
                        tokens.append(token)
                        clauses.append(clause)
                        if token in breaks:
                            clause += 1
        # An ellipsis joins, it does not end: Sendmail writes "<kim@example.com>... User unknown",
        # the address and what is said of it in one clause.
        if (
            whole[-1] in SENTENCE_END
            and not whole.endswith("...")
            and not (abbreviations and whole.lower().lstrip(STRIP) in abbreviations)
        ):
            clause += 1
        if pauses is not None and whole[-1] in PAUSES:
            pauses.add(len(tokens))
    return tokens, clauses


# ---------------------------------------------------------------------------------------------
# Recognising


def recognise(text: str) -> tuple[str, str] | None:
    """(reason, entry id) for a normalised diagnostic, or None when no entry fits."""
    if not text:
        return None
    return _recognise(text[: rulebook.MATCH_LIMIT])


@lru_cache(maxsize=CACHE)
def _recognise(text: str) -> tuple[str, str] | None:
    # A status that names the sender's address leaves only the entries about the sending side.
    sending_only = SENDER_STATUS.search(text) is not None
    meaning = load()
    found, _ = _scan_words(text, meaning, sending_only)
    if found is None and not text.isascii() and meaning.char_entries:
        found, _ = _scan_characters(text.lower(), meaning, sending_only)
    if found is None:
        return None
    return found.reason, found.id


def given_up(entry_id: str) -> str:
    """The reason an entry's words give once a report says the message's fate, or "".

    "Connection refused" alone says only that the way there failed (a network error). In a
    report whose Action is "failed" (RFC 3464 2.3.3) it is the last attempt's result: the
    retry period ran out (RFC 5321 4.5.4.1); with Action "delayed" the message is still
    queued and retried until it does. rules/reasons.toml's expired covers both: the entry's
    `given_up` reason.
    """
    return load().given_up.get(entry_id, "")


def _scan_words(
    text: str, meaning: Meaning, sending_only: bool = False
) -> tuple[Entry | None, int]:
    """The first predicate, in text order, that has a fitting subject; and the steps taken.

    `sending_only`: entries about the recipient are not asked (the text names the sender).
    """
    identifiers: dict[int, tuple[str, int]] = {}
    pauses: set[int] = set()
    addresses: set[int] = set()
    tokens, clauses = tokenise(
        text, meaning.breaks, identifiers, pauses, addresses, meaning.abbreviations
    )
    n = len(tokens)
    steps = 0
    subject_at: dict[int, tuple[int, str]] = {}  # start -> (end, side)
    subject_ending: dict[int, tuple[int, str]] = {}  # end -> (start, side)
    negation_ends: set[int] = set()
    locative_ends: set[int] = set()
    # (start, end, entries saying it alone, entries it is a predicate of)
    found: list[tuple[int, int, tuple[int, ...], tuple[int, ...]]] = []
    # The first entry about the sending side that fits; one about the recipient, anywhere in
    # the text, comes first ("Failed to connect ... No MX records were found for the domain").
    sending: Entry | None = None
    relaxed: Entry | None = None  # the first that fits past "the message", if nothing fits as such
    subject_covered = predicate_covered = 0
    trie = meaning.trie
    for i in range(n):
        node = trie
        subject = predicate = alone = None
        for j in range(i, min(n, i + MAX_PHRASE)):
            steps += 1
            token = tokens[j]
            if not token or clauses[j] != clauses[i]:
                break
            node = node.get(token)
            if node is None:
                break
            terminal = node.get(TERM)
            if terminal is None:
                continue
            side, predicates, alone_entries, flags = terminal
            if side:
                subject = (j + 1, side)
            if predicates:
                predicate = (j + 1, predicates)
            if alone_entries:
                alone = (j + 1, alone_entries)
            if flags & NEGATION:
                negation_ends.add(j + 1)
            if flags & LOCATIVE:
                locative_ends.add(j + 1)
        whole = identifiers.get(i)
        if whole is not None:  # "OverQuota" is also the one word "overquota"
            steps += 1
            node = trie.get(whole[0])
            terminal = node.get(TERM) if node is not None else None
            if terminal is not None and terminal[2]:
                alone = (i + whole[1], terminal[2])
        if (
            i == subject_covered
            and i in subject_ending
            and (
                # "user kim@example.net", "sender <kim@example.org>": the subject before names
                # the address; the two are that subject.
                i in addresses
                # "host mail.example.org [192.0.2.10]": a host named with its address standing
                # alone is the connecting one (RFC 5321 4.1.4), as "address 192.0.2.1" is; the
                # name joins the subject, which the address then makes the connection's.
                or (
                    not tokens[i]
                    and i + 1 < n
                    and tokens[i + 1] == IP_TOKEN
                    and subject_ending[i][1] == "domain"
                    and clauses[i + 1] == clauses[i] == clauses[subject_ending[i][0]]
                )
            )
        ):
            first, side = subject_ending.pop(i)
            subject_at[first] = (i + 1, side)
            subject_ending[i + 1] = (first, side)
            subject_covered = i + 1
        elif i in addresses and i >= subject_covered:
            word = tokens[i - 1] if i and clauses[i - 1] == clauses[i] else ""
            if word not in ADDRESS_OF:
                subject_at[i] = (i + 1, ADDRESS_SIDE)
                subject_ending[i + 1] = (i, ADDRESS_SIDE)
                subject_covered = i + 1
        if subject is not None and i >= subject_covered:
            if subject[1] == "domain" and i in locative_ends:
                # "The recipient 'kim' is unknown at host 'example.com'": a place, where the
                # subject before it is; never the subject of the words around it.
                subject_covered = subject[0]
            elif i == subject_covered and i in subject_ending and (
                subject[1] in SENDER_SIDES or tokens[i] == IP_TOKEN
            ):
                # A subject followed at once by the sending host or sender is that one: "mail
                # from your IP address", "message sender", "address 192.0.2.1" ("TLS
                # connection" stays the TLS).
                first = subject_ending.pop(i)[0]
                subject_at[first] = subject
                subject_ending[subject[0]] = (first, subject[1])
            else:
                subject_at[i] = subject
                subject_ending[subject[0]] = (i, subject[1])
            subject_covered = subject[0]
        if i >= predicate_covered:
            if alone is not None and (predicate is None or alone[0] >= predicate[0]):
                # The same words may also be a predicate of other entries ("no MX": alone, the
                # recipient's domain; with "for your FROM address", the sender's): asked next.
                same = predicate[1] if predicate is not None and predicate[0] == alone[0] else ()
                found.append((i, alone[0], alone[1], same))
                predicate_covered = alone[0]
            elif predicate is not None:
                found.append((i, predicate[0], (), predicate[1]))
                if alone is not None:
                    # A shorter form said alone where a longer predicate starts is asked after
                    # it, for when the predicate finds no subject of its side ("192.0.2.1 is not
                    # allowed to send mail from example.org": the host's; "You are not allowed
                    # to send mail from this address": "not allowed to send" alone, the sender's).
                    found.append((i, alone[0], alone[1], ()))
                predicate_covered = predicate[0]

    for start, end, alone_numbers, predicate_numbers in found:
        steps += 1
        if start in negation_ends:
            continue  # "is not full", "nicht unbekannt"
        clause = clauses[start]
        before: dict[str, int] = {}
        after: dict[str, int] = {}
        for gap in range(WINDOW + 1):  # nearest first
            steps += 1
            mark = subject_ending.get(start - gap)
            if mark is not None and clauses[mark[0]] == clause:
                before.setdefault(mark[1], gap)
            mark = subject_at.get(end + gap)
            if mark is not None and end + gap < n and clauses[end + gap] == clause:
                after.setdefault(mark[1], gap)
        # "Sender address rejected: Domain not found", "HELO ... Host not found": about the
        # sending side, never the recipient.
        sender_before = sending_only or any(side in before for side in SENDER_SIDES)
        low = max(0, start - WINDOW)
        high = min(n, end + WINDOW)
        nearby = set(tokens[low:high])  # context, across clauses: "not found. Name service error"
        steps += high - low
        following = tokens[end] if end < n and clauses[end] == clause else ""
        # The words a vetoes_before may stand in, gathered only for an entry that has some (one
        # entry in all the lists): before, within the window; after, up to the next punctuation
        # mark ("User unknown; authentication required").
        leading: set[str] | None = None
        # The nearest subject, of any side, says what the predicate is about.
        gaps = {side: min(g for g in (before.get(side), after.get(side)) if g is not None)
                for side in WORD_SIDES if side in before or side in after}
        # An address standing alone is a subject for the entries about the recipient only: the
        # sending side's entries read the words as they did without it ("relaying mail to
        # <kim@example.net> is not allowed" stays the relay's).
        nearest_gap = min(
            (gap for side, gap in gaps.items() if side != ADDRESS_SIDE), default=None
        )
        # "The message" is the commonest subject and the vaguest: when it is nearest, an
        # entry of another side may take the next nearest ("Message does not contain a From
        # header", "your message was refused: the sender's domain ...").
        past_message = None
        if nearest_gap is not None and gaps.get("message") == nearest_gap:
            others = [gap for side, gap in gaps.items() if side not in ("message", ADDRESS_SIDE)]
            past_message = min(others) if others else None
        # For an entry about the recipient only the subjects of its side and the sender's side
        # count: "the address you sent the message to does not exist" is about the address.
        # A sender-side subject after the predicate and past a punctuation mark, when the
        # recipient's mailbox stands before it, begins another statement: "User unknown;
        # authentication required" says the user is unknown. (A domain says not whose:
        # "Domain not found; sender address rejected" stays the sender's.)
        own_gaps = {
            side: gaps[side]
            for side in (*RECIPIENT_SIDES, ADDRESS_SIDE, *SENDER_SIDES)
            if side in gaps
        }
        if "recipient" in before or ADDRESS_SIDE in before:
            for side in SENDER_SIDES:
                if side in after and side not in before:
                    steps += after[side] + 1
                    if any(end + g in pauses for g in range(after[side] + 1)):
                        del own_gaps[side]
        own_gap = min(own_gaps.values()) if own_gaps else None
        sender_nearest = own_gap is not None and any(
            own_gaps.get(side) == own_gap for side in SENDER_SIDES
        )
        sender_after = any(side in after and side in own_gaps for side in SENDER_SIDES)
        closed = sender_before
        for is_alone, numbers in ((True, alone_numbers), (False, predicate_numbers)):
            recipient_open = not closed and (is_alone or not (own_gap is None or sender_nearest))
            for number in numbers:
                entry = meaning.entries[number]
                steps += 1
                if following in entry.not_followed_by or nearby & entry.vetoes:
                    continue
                if entry.needs and not nearby & entry.needs:
                    continue
                if entry.at_end and following:
                    continue
                if entry.vetoes_before:
                    if leading is None:
                        leading = set(tokens[low:start])
                        k = end
                        while k < high and k not in pauses and clauses[k] == clause:
                            leading.add(tokens[k])
                            k += 1
                        steps += high - low
                    if leading & entry.vetoes_before:
                        continue
                if not entry.recipient:
                    if sending is None and (
                        is_alone
                        or (
                            nearest_gap is not None
                            and any(gaps.get(side) == nearest_gap for side in entry.sides)
                        )
                    ):
                        sending = entry
                    elif (
                        relaxed is None
                        and past_message is not None
                        and "message" not in entry.sides
                        and any(gaps.get(side) == past_message for side in entry.sides)
                    ):
                        relaxed = entry
                    continue
                if not recipient_open:
                    continue
                if not (
                    is_alone
                    or gaps.get(ADDRESS_SIDE) == own_gap
                    or any(gaps.get(side) == own_gap for side in entry.sides)
                ):
                    continue
                if sender_after and (is_alone or "domain" in entry.sides):
                    # "No MX for your FROM address", "no valid MX for sender domain"
                    closed = True
                    recipient_open = False
                    continue
                return entry, steps
    return sending or relaxed, steps


def _scan_characters(
    text: str, meaning: Meaning, sending_only: bool = False
) -> tuple[Entry | None, int]:
    """The character-script entries on lower-cased text: earliest hit with a fitting subject."""
    steps = 0
    count = 0
    # (position, -length) -> (the needle's place in the lists, entry, alone)
    found: dict[tuple[int, int], list[tuple[int, Entry, bool]]] = {}
    index = meaning.char_index
    for first in set(text):  # only the needles that start with a character the text holds
        steps += 1
        for needle, place, entry, is_alone in index.get(first, ()):
            position = text.find(needle)
            while position != -1 and count < MAX_HITS:
                steps += 1
                count += 1
                found.setdefault((position, -len(needle)), []).append((place, entry, is_alone))
                position = text.find(needle, position + 1)
    if not found:
        return None, steps
    # At one position, the entries in the lists' order (as if each needle were searched in turn).
    hits = {key: [(e, a) for _, e, a in sorted(items, key=lambda item: item[0])]
            for key, items in found.items()}  # fmt: skip
    # Only the subjects the text holds can be near a hit: found once here, not per hit.
    subjects = {
        side: tuple(word for word in words if word in text)
        for side, words in meaning.char_subjects.items()
    }
    steps += sum(len(words) for words in meaning.char_subjects.values())
    sending: Entry | None = None  # as in _scan_words: the recipient's side comes first
    covered = 0
    for key in sorted(hits):  # earliest first, the longest of those first
        position, minus_length = key
        if position < covered:
            continue  # inside a longer hit: "無効" inside "無効化"
        end = covered = position - minus_length
        steps += 2 * CHAR_WINDOW
        before = text[max(0, position - CHAR_WINDOW) : position]
        after = text[end : end + CHAR_WINDOW]
        for mark in CHAR_BREAKS:  # the window ends with the sentence
            cut = before.rfind(mark)
            if cut != -1:
                before = before[cut + 1 :]
            cut = after.find(mark)
            if cut != -1:
                after = after[:cut]
        if any(before.endswith(word) for word in meaning.char_negations):
            continue
        if any(after.startswith(word) for word in meaning.char_negations_after):
            continue
        sender_before = sending_only or any(
            word in before for side in SENDER_SIDES for word in subjects.get(side, ())
        )
        gaps = {}
        for side in SIDES:
            gap = nearest(before, after, side, subjects)
            if gap is not None:
                gaps[side] = gap
        nearest_gap = min(gaps.values()) if gaps else None
        sender_nearest = nearest_gap is not None and any(
            gaps.get(side) == nearest_gap for side in SENDER_SIDES
        )
        for entry, is_alone in hits[key]:
            steps += 1
            if not entry.recipient and sending is not None:
                continue
            if entry.recipient and sender_before:
                continue
            if any(after.startswith(word) for word in entry.not_followed_by):
                continue
            if any(word in before or word in after for word in entry.vetoes):
                continue
            if is_alone or (
                nearest_gap is not None
                and not (entry.recipient and sender_nearest)
                and any(gaps.get(side) == nearest_gap for side in entry.sides)
            ):
                if not entry.recipient:
                    sending = entry
                    continue
                return entry, steps
    return sending, steps


def nearest(before: str, after: str, side: str, subjects: dict[str, tuple[str, ...]]) -> int | None:
    """Characters between the predicate and the nearest subject of `side`, or None."""
    best = None
    for word in subjects.get(side, ()):
        cut = before.rfind(word)
        if cut != -1:
            gap = len(before) - cut - len(word)
            best = gap if best is None else min(best, gap)
        cut = after.find(word)
        if cut != -1:
            best = cut if best is None else min(best, cut)
    return best


# ---------------------------------------------------------------------------------------------
# Loading


def meaning_dir() -> Path:
    return rulebook.builtin_dir() / "meaning"


@lru_cache(maxsize=4)
def load(folder: str | None = None) -> Meaning:
    """The word lists of rules/meaning/ (or `folder`), validated; raises rules.RuleError.

    The built-in lists are kept, once validated, in the rule cache's folder (`cached`).
    """
    path = Path(folder) if folder else meaning_dir()
    names = sorted(rulebook.toml_names(os.fspath(path))) if path.is_dir() else []
    if folder is None:  # the cache's key needs the names only (rules.phrase_file_names)
        return cached(names, lambda: build(path, [Path(name) for name in names]))
    return build(path, [Path(name) for name in names])


def build(path: Path, files: list[Path]) -> Meaning:
    problems: list[rulebook.Problem] = []
    if not files:
        problems.append(rulebook.Problem(str(path), "", "no meaning files (*.toml)"))
    builder = _Builder(problems)
    for file in files:
        data = rulebook._read_toml(file, problems)
        if data is not None:
            builder.add(str(file), file.stem, data)
    if problems:
        raise rulebook.RuleError(problems)
    return builder.build(tuple(str(f) for f in files))


# ---------------------------------------------------------------------------------------------
# The file cache: parsing and tokenising the lists costs ~20 ms (and tomllib's import ~10 ms)
# of the first record that reaches this tier. As rulecache.py does for the phrase rules: marshal
# data (loading it runs no code), keyed by the Python version, this module's source and every
# list file's path, size and modification time; anything unexpected means no cache.

FORMAT = 8


class PackedTrie(dict[str, Any]):
    """The trie's first level as the file cache gives it back: each token's branch is kept
    as marshal data until a text holds that token.

    Unpacking the whole trie, some 7,000 small dicts, cost 30M instructions of the first
    record that reaches this tier (the whole load 52M; a corpus run asks this tier of 44
    texts, whose tokens need a few hundred branches of 2,000). `get`, the scan's lookup,
    unpacks the one branch it returns; any other reading of the trie unpacks them all, so it
    reads as the trie the lists built."""

    def get(self, token: str, default: Any = None) -> Any:
        node = dict.get(self, token, default)
        if node.__class__ is bytes:
            node = self[token] = marshal.loads(node)
        return node

    def unpacked(self) -> PackedTrie:
        for token, node in dict.items(self):
            if node.__class__ is bytes:
                self[token] = marshal.loads(node)  # a value replaced: no size change
        return self

    def __getitem__(self, token: str) -> Any:
        return self.get(token) if token in self else dict.__getitem__(self, token)

    def items(self) -> Any:
        return dict.items(self.unpacked())

    def values(self) -> Any:
        return dict.values(self.unpacked())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedTrie):
            other.unpacked()
        return dict.__eq__(self.unpacked(), other)

    def __ne__(self, other: object) -> bool:
        return not self == other


def _entry(row: tuple[Any, ...]) -> Entry:
    """The Entry a row of `dump` stands for."""
    i, r, s, n, v, f, a, b, w, e = row
    return Entry(
        i, r, tuple(s), frozenset(n), frozenset(v), f, a, frozenset(b), frozenset(w), bool(e)
    )


class RowEntries(Sequence[Entry]):
    """Meaning.entries as the file cache gives them back: each entry made from its row when
    first asked for. Making all 240 cost 6M instructions of the first record that reaches
    this tier; a corpus run asks for a few dozen. It compares equal to the tuple of the same
    entries, as the lists built them."""

    def __init__(self, rows: Sequence[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._made: list[Entry | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, number: int) -> Entry: ...

    @overload
    def __getitem__(self, number: slice) -> tuple[Entry, ...]: ...

    def __getitem__(self, number: int | slice) -> Entry | tuple[Entry, ...]:
        if isinstance(number, slice):
            return tuple(self)[number]
        made = self._made[number]
        if made is None:
            made = self._made[number] = _entry(self._rows[number])
        return made

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (RowEntries, tuple)):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def pack(trie: dict[str, Any]) -> dict[str, bytes]:
    """The trie's first level with each branch as marshal data (`PackedTrie`)."""
    return {
        token: node if node.__class__ is bytes else marshal.dumps(node)
        for token, node in dict.items(trie)
    }


def cached(files: list[str], loader: Any) -> Meaning:
    import sys
    import tempfile

    folder = patterns.cache_dir()
    if folder is None:
        return loader()
    digest = patterns.blake2b(digest_size=16)
    try:
        digest.update(f"{FORMAT} {sys.version}\n".encode())
        digest.update(Path(__file__).read_bytes())
        patterns.stamp(digest, files)
    except OSError:
        return loader()
    target = folder / f"meaning-{digest.hexdigest()[:32]}.bin"
    try:
        return undump(marshal.loads(target.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
        pass
    meaning = loader()  # raises RuleError on problems: nothing is stored
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".meaning-")
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps(dump(meaning)))
        os.replace(temporary, target)
        old = sorted(folder.glob("meaning-*.bin"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-4]:
            stale.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass
    return meaning


def dump(meaning: Meaning) -> tuple[Any, ...]:
    """Plain tuples, lists and dicts: the entries as rows, the character entries by number."""
    rows = [
        (e.id, e.reason, e.sides, tuple(sorted(e.not_followed_by)), tuple(sorted(e.vetoes)),
         e.file, e.about, tuple(sorted(e.vetoes_before)), tuple(sorted(e.needs)),
         e.at_end)
        for e in (*meaning.entries, *(c.entry for c in meaning.char_entries))
    ]  # fmt: skip
    words = len(meaning.entries)
    chars = [(words + i, c.predicates, c.alone) for i, c in enumerate(meaning.char_entries)]
    return (FORMAT, rows, words, pack(meaning.trie), sorted(meaning.breaks),
            sorted(meaning.abbreviations), chars,
            meaning.char_subjects, meaning.char_negations, meaning.char_negations_after,
            meaning.files, meaning.given_up)  # fmt: skip


def undump(data: tuple[Any, ...]) -> Meaning:
    (version, rows, words, trie, breaks, abbreviations, chars, subjects, negations, after, files,
     later) = data  # fmt: skip
    if version != FORMAT:
        raise ValueError("another cache format")
    return Meaning(
        trie=PackedTrie(trie),
        entries=RowEntries(rows[:words]),
        breaks=frozenset(breaks),
        abbreviations=frozenset(abbreviations),
        char_entries=tuple(CharEntry(_entry(rows[i]), tuple(p), tuple(a)) for i, p, a in chars),
        char_subjects={side: tuple(v) for side, v in subjects.items()},
        char_negations=tuple(negations),
        char_negations_after=tuple(after),
        files=tuple(files),
        given_up=dict(later),
    )


class _Builder:
    """Collects the files' words into one trie (words) and lists (characters), with problems."""

    def __init__(self, problems: list[rulebook.Problem]) -> None:
        self.problems = problems
        self.trie: dict[str, Any] = {}
        self.breaks: set[str] = set()
        self.abbreviations: set[str] = set()
        self.char_entries: list[CharEntry] = []
        self.char_subjects: dict[str, list[str]] = {side: [] for side in SIDES}
        self.char_negations: list[str] = []
        self.char_negations_after: list[str] = []
        self.ids: dict[str, str] = {}
        self.sides: dict[tuple[str, ...], tuple[str, str]] = {}  # subject -> (side, file)
        self.given_up: dict[str, str] = {}

    def problem(self, file: str, where: str, message: str) -> None:
        self.problems.append(rulebook.Problem(file, where, message))

    def strings(self, file: str, where: str, key: str, value: Any, required: bool) -> list[str]:
        if value is None:
            if required:
                self.problem(file, where, f"{key}: missing")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(file, where, f"{key}: must be a list of non-empty strings")
            return []
        if not value:
            self.problem(file, where, f"{key}: empty list")
        return [v.strip() for v in value]

    def phrase(self, file: str, where: str, text: str) -> tuple[str, ...] | None:
        tokens, clauses = tokenise(text)
        if not tokens or "" in tokens or clauses[-1] != clauses[0]:
            self.problem(file, where, f"{text!r}: not a sequence of words")
            return None
        if len(tokens) > MAX_PHRASE:
            self.problem(file, where, f"{text!r}: more than {MAX_PHRASE} words")
            return None
        return tuple(tokens)

    def single_words(self, file: str, where: str, values: list[str]) -> list[str]:
        words = []
        for value in values:
            tokens = self.phrase(file, where, value)
            if tokens is not None and len(tokens) != 1:
                self.problem(file, where, f"{value!r}: not_followed_by and vetoes are single words")
            elif tokens is not None:
                words.append(tokens[0])
        return words

    def terminal(self, tokens: tuple[str, ...]) -> _Terminal:
        node = self.trie
        for token in tokens:
            node = node.setdefault(token, {})
        terminal = node.get(TERM)
        if terminal is None:
            terminal = node[TERM] = _Terminal()
        return terminal

    def add(self, file: str, stem: str, data: dict[str, Any]) -> None:
        for key in sorted(set(data) - FILE_KEYS):
            self.problem(file, "", f"unknown key {key!r}")
        language = data.get("language")
        if language != stem:
            self.problem(file, "", f"language {language!r} must be the file name's {stem!r}")
        script = data.get("script")
        if script not in SCRIPTS:
            self.problem(file, "", f"script {script!r} must be one of {', '.join(SCRIPTS)}")
            return
        words = script == "words"
        subjects = data.get("subjects")
        if not isinstance(subjects, dict) or not subjects:
            self.problem(file, "subjects", "missing or empty table")
            subjects = {}
        for side, values in subjects.items():
            if side not in SIDES:
                self.problem(file, "subjects", f"unknown side {side!r} ({', '.join(SIDES)})")
                continue
            for value in self.strings(file, "subjects", side, values, True):
                if not words:
                    self.char_subjects[side].append(value.lower())
                    continue
                tokens = self.phrase(file, f"subjects.{side}", value)
                if tokens is None:
                    continue
                earlier = self.sides.setdefault(tokens, (side, file))
                if earlier[0] != side:
                    self.problem(
                        file, f"subjects.{side}",
                        f"{value!r} is a {earlier[0]} subject in {earlier[1]}",
                    )  # fmt: skip
                self.terminal(tokens).side = earlier[0]
        # Japanese and Korean negate after the verb: their files may name only negations_after.
        for value in self.strings(file, "", "negations", data.get("negations"), words):
            if words:
                tokens = self.phrase(file, "negations", value)
                if tokens is not None:
                    self.terminal(tokens).negation = True
            else:
                self.char_negations.append(value.lower())
        for value in self.strings(file, "", "locatives", data.get("locatives"), False):
            tokens = self.phrase(file, "locatives", value) if words else None
            if tokens is not None:
                self.terminal(tokens).locative = True
            elif not words:
                self.problem(file, "locatives", "only for script = 'words'")
        after = self.strings(file, "", "negations_after", data.get("negations_after"), False)
        if after and words:
            self.problem(file, "negations_after", "only for script = 'characters'")
        self.char_negations_after.extend(value.lower() for value in after)
        for value in self.strings(file, "", "breaks", data.get("breaks"), False):
            tokens = self.phrase(file, "breaks", value) if words else None
            if tokens is not None and len(tokens) == 1:
                self.breaks.add(tokens[0])
            elif words:
                self.problem(file, "breaks", f"{value!r}: must be one word")
        for value in self.strings(file, "", "abbreviations", data.get("abbreviations"), False):
            if not words:
                self.problem(file, "abbreviations", "only for script = 'words'")
            elif value.endswith(".") and len(value.split()) == 1:
                self.abbreviations.add(value.lower())
            else:
                self.problem(file, "abbreviations", f"{value!r}: must be one word ending in '.'")
        entries = data.get("entry")
        if not isinstance(entries, list) or not entries:
            self.problem(file, "entry", "no [[entry]] tables")
            return
        for number, table in enumerate(entries, 1):
            if not isinstance(table, dict):
                self.problem(file, f"entry {number}", "not a table")
                continue
            self.add_entry(file, language if isinstance(language, str) else stem, words, table)

    def add_entry(self, file: str, language: str, words: bool, table: dict[str, Any]) -> None:
        ident = table.get("id")
        where = ident if isinstance(ident, str) else "entry"
        for key in sorted(set(table) - ENTRY_KEYS):
            self.problem(file, where, f"unknown key {key!r}")
        if not isinstance(ident, str) or not ident.startswith(f"meaning:{language}:"):
            self.problem(file, where, f"id must start with 'meaning:{language}:'")
            return
        if ident in self.ids:
            self.problem(file, where, f"duplicate id (also in {self.ids[ident]})")
            return
        self.ids[ident] = file
        reason = table.get("reason")
        if reason not in rulebook.VOCABULARY or reason in NOT_GIVEN:
            self.problem(file, where, f"unknown reason {reason!r}")
            return
        about = table.get("about", "recipient")
        if about not in ABOUT:
            self.problem(file, where, f"about: {about!r} must be one of {', '.join(ABOUT)}")
            return
        # An entry may say its reason in `alone` forms only (about the sending side, or a
        # recipient's whole phrase: "recipient address rejected").
        alone = self.strings(file, where, "alone", table.get("alone"), False)
        needs_pairs = not alone
        allowed = RECIPIENT_SIDES if about == "recipient" else SIDES[len(RECIPIENT_SIDES) :]
        sides = self.strings(file, where, "subjects", table.get("subjects"), needs_pairs)
        for side in sides:
            if side not in allowed:
                self.problem(
                    file, where, f"subjects: {side!r} must be one of {', '.join(allowed)}"
                )
        self.strings(file, where, "source", table.get("source"), True)
        predicates = self.strings(
            file, where, "predicates", table.get("predicates"), needs_pairs
        )
        if bool(sides) != bool(predicates):
            self.problem(file, where, "subjects and predicates come together")
        later = table.get("given_up")
        if later is not None:
            if later not in rulebook.VOCABULARY or later in NOT_GIVEN:
                self.problem(file, where, f"given_up: unknown reason {later!r}")
            else:
                self.given_up[ident] = later
        following = self.strings(
            file, where, "not_followed_by", table.get("not_followed_by"), False
        )
        vetoes = self.strings(file, where, "vetoes", table.get("vetoes"), False)
        leading = self.strings(file, where, "vetoes_before", table.get("vetoes_before"), False)
        needs = self.strings(file, where, "needs", table.get("needs"), False)
        if words:
            following = self.single_words(file, where, following)
            vetoes = self.single_words(file, where, vetoes)
            leading = self.single_words(file, where, leading)
            needs = self.single_words(file, where, needs)
        else:
            following = [v.lower() for v in following]
            vetoes = [v.lower() for v in vetoes]
            if leading:
                self.problem(file, where, "vetoes_before: only in files of script 'words'")
            if needs:
                self.problem(file, where, "needs: only in files of script 'words'")
        at_end = table.get("at_end", False)
        if not isinstance(at_end, bool):
            self.problem(file, where, "at_end: true or false")
            at_end = False
        elif at_end and not words:
            self.problem(file, where, "at_end: only in files of script 'words'")
        entry = Entry(
            id=ident,
            reason=reason,
            sides=tuple(side for side in sides if side in SIDES),
            not_followed_by=frozenset(following),
            vetoes=frozenset(vetoes),
            file=file,
            about=about,
            vetoes_before=frozenset(leading),
            needs=frozenset(needs),
            at_end=at_end,
        )
        if not words:
            self.char_entries.append(
                CharEntry(
                    entry,
                    tuple(v.lower() for v in predicates),
                    tuple(v.lower() for v in alone),
                )
            )
            return
        for kind, values in (("predicates", predicates), ("alone", alone)):
            for value in values:
                tokens = self.phrase(file, f"{where} {kind}", value)
                if tokens is None:
                    continue
                terminal = self.terminal(tokens)
                bucket = terminal.predicates if kind == "predicates" else terminal.alone
                if entry not in bucket:
                    bucket.append(entry)

    def build(self, files: tuple[str, ...]) -> Meaning:
        self.terminal((IP_TOKEN,)).side = "connection"
        numbers: dict[str, int] = {}
        entries: list[Entry] = []

        def number(entry: Entry) -> int:
            if entry.id not in numbers:
                numbers[entry.id] = len(entries)
                entries.append(entry)
            return numbers[entry.id]

        stack = [self.trie]  # depth <= MAX_PHRASE
        while stack:
            node = stack.pop()
            for token, child in node.items():
                if token == TERM:
                    node[TERM] = (child.side, tuple(number(e) for e in child.predicates),
                                  tuple(number(e) for e in child.alone),
                                  NEGATION * child.negation | LOCATIVE * child.locative)  # fmt: skip
                else:
                    stack.append(child)
        return Meaning(
            trie=self.trie,
            entries=tuple(entries),
            breaks=frozenset(self.breaks),
            abbreviations=frozenset(self.abbreviations),
            char_entries=tuple(self.char_entries),
            char_subjects={side: tuple(v) for side, v in self.char_subjects.items()},
            char_negations=tuple(self.char_negations),
            char_negations_after=tuple(self.char_negations_after),
            files=files,
            given_up=dict(self.given_up),
        )
