"""The Russian meaning words probe round 25 (ru) added, read in phrasings of our own (not the
rules' examples), beside near-misses that must not read so:

- the recipient's account or mailbox "blocked" (заблокирован) by its provider is a disabled
  one (suspend), the subject inside the phrase ("учётная запись заблокирована");
- "your account is blocked", an account blocked for sending spam, and an IP address blocked
  are the sending side's, never a verdict about the recipient.
"""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "550 Учётная запись заблокирована",
        "550 5.2.1 Учетная запись получателя заблокирована администратором домена",
        "550 Почтовый ящик получателя заблокирован",
        "554 Доставка невозможна: ящик заблокирован",
        "550 Адресат заблокирован, письмо не может быть доставлено",
    ],
)
def test_a_blocked_recipient_account_is_disabled(text: str) -> None:
    assert reason_of(text) == "suspend"


@pytest.mark.parametrize(
    "text",
    [
        "550 Ваша учётная запись заблокирована",
        "550 Ваш аккаунт заблокирован",
        "550 Аккаунт заблокирован за рассылку спама",
        "554 Ваш IP-адрес заблокирован",
        "550 Отправитель заблокирован",
    ],
)
def test_the_sending_side_blocked_is_not_a_disabled_recipient(text: str) -> None:
    assert reason_of(text) != "suspend"
