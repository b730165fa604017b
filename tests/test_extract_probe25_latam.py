"""Reading fixes from probe round 25 (Latin American and Iberian providers), shown on notices
written here with other words, hosts and addresses than samples/probe25-latam-*:

- Outlook / Exchange's Spanish "Sin entregar" notice: "No se puede localizar a los
  destinatarios siguientes:", then "'a@b' en <date>" and the server's reply indented below
  (the Spanish form of the English "The following recipient(s) cannot be reached:" ... "on");
- Exchange 2007's Spanish notice "No se ha podido realizar la entrega a estos destinatarios o
  listas de distribución:", every address on its own line with its reason below (before,
  only one of the listed addresses was read);
- Exchange's Brazilian Portuguese "Falha na entrega aos seguintes destinatários ou grupos:";
- the label before the reply in an Outlook / Exchange notice ("Server error:", "Error del
  servidor:") is taken off the server's words: read with them, "server error" made every row
  the receiving system's fault (systemerror) whatever the reply said.
"""

from __future__ import annotations

from bounce_analyzer.api import analyze_bytes

from .conftest import records

OUTLOOK_ES = """\
From: Administrador del sistema <postmaster@example.com.mx>
To: ventas@example.com.mx
Subject: Sin entregar: Cotizacion
Date: Tue, 1 Dec 2026 10:00:00 -0600
Content-Type: text/plain; charset=utf-8

Algunos de los destinatarios no recibieron su mensaje.

      Asunto:\tCotizacion
      Enviado el:\t30/11/2026 09:12 a.m.

No se puede localizar a los destinatarios siguientes:

      'pagos@example.net' en 30/11/2026 09:12 a.m.
            Error del servidor: '550 5.1.1 <pagos@example.net>: Recipient address rejected: User unknown in virtual mailbox table'
      'almacen@example.org' en 30/11/2026 09:12 a.m.
            Error del servidor: '452 4.2.2 Mailbox full'
"""


def test_the_spanish_outlook_notice_names_each_recipient_with_its_reply() -> None:
    assert list(records(OUTLOOK_ES)) == ["pagos@example.net", "almacen@example.org"]
    rows = analyze_bytes(OUTLOOK_ES.encode())
    assert [(row.recipient, row.reason, row.reply_code) for row in rows] == [
        ("pagos@example.net", "userunknown", "550"),
        ("almacen@example.org", "mailboxfull", "452"),
    ]


EXCHANGE_ES = """\
From: postmaster@example.gob.example
To: prensa@example.com
Subject: No se puede entregar: Consulta
Date: Tue, 1 Dec 2026 10:00:00 -0300
Content-Type: text/plain; charset=utf-8

No se ha podido realizar la entrega a estos destinatarios o listas de distribución:

despacho1@example.gob.example
El buzón del destinatario está lleno y no puede aceptar mensajes. Microsoft Exchange no intentará volver a entregar este mensaje.

despacho2@example.gob.example
El buzón del destinatario está lleno y no puede aceptar mensajes. Microsoft Exchange no intentará volver a entregar este mensaje.
"""


def test_the_spanish_exchange_notice_lists_every_recipient() -> None:
    assert list(records(EXCHANGE_ES)) == ["despacho1@example.gob.example", "despacho2@example.gob.example"]
    rows = analyze_bytes(EXCHANGE_ES.encode())
    assert {row.reason for row in rows} == {"mailboxfull"}


EXCHANGE_PT = """\
From: postmaster@example.com.br
To: contato@example.com.br
Subject: Não entregue: Proposta
Date: Tue, 1 Dec 2026 10:00:00 -0300
Content-Type: text/plain; charset=utf-8

Falha na entrega aos seguintes destinatários ou grupos:

compras@example.net
A caixa de correio do destinatário está cheia e não pode aceitar mensagens agora.

Informações de diagnóstico para administradores:
"""


def test_the_portuguese_exchange_notice_is_read_without_its_report() -> None:
    assert list(records(EXCHANGE_PT)) == ["compras@example.net"]
    rows = analyze_bytes(EXCHANGE_PT.encode())
    assert [(row.recipient, row.reason) for row in rows] == [("compras@example.net", "mailboxfull")]


OUTLOOK_EN = """\
From: System Administrator <postmaster@example.com>
To: sales@example.com
Subject: Undeliverable: Quote
Date: Tue, 1 Dec 2026 10:00:00 -0600
Content-Type: text/plain; charset=us-ascii

Your message did not reach some or all of the intended recipients.

      Subject:\tQuote
      Sent:\t11/30/2026 9:12 AM

The following recipient(s) cannot be reached:

      'orders@example.net' on 11/30/2026 9:12 AM
            Server error: '554 Sending address not accepted due to spam filter'
"""


def test_the_reply_label_of_an_outlook_notice_is_not_read_as_the_cause() -> None:
    # "Server error:" / "Error del servidor:" is the notice's frame: read as words of the
    # reply, "server error" made every such row the receiving system's fault
    for text in (OUTLOOK_EN, OUTLOOK_EN.replace("Server error:", "Error del servidor:")):
        rows = analyze_bytes(text.encode())
        assert [(row.recipient, row.reason, row.reply_code) for row in rows] == [
            ("orders@example.net", "spamdetected", "554")
        ]
        assert "error" not in rows[0].diagnostic.lower().split("'")[0]
