"""The meaning tier's sending side in German, French, Spanish, Portuguese, Italian, Dutch and
Russian (rules/meaning/<lang>.toml, `about = "sending"`): each language's own words for a
refused sender, a listed host, a missing reverse DNS name, a failed log-in or encryption, an
SPF/DKIM/DMARC failure, spam, a virus, a message too large, a relay refusal, the network, a
limit, the receiving system and an expired message; and the words that must not decide."""

from __future__ import annotations

import pytest

from bounce_analyzer import meaning

from .conftest import meaning_of as read

# (text, reason, language): the reason, from the language's own entry.
SENDING = [
    # German: Microsoft's German status code descriptions, glibc's German strerror texts,
    # MailScanner's German report strings, plain German
    ("550 5.1.8 Absenderadresse abgelehnt: ungültige Domain", "rejected", "de"),
    ("550 Absender ist gesperrt", "rejected", "de"),
    ("554 Ihre IP-Adresse 192.0.2.7 steht auf einer Sperrliste", "blocked", "de"),
    ("550 Verbindungen von dynamischen IP-Adressen werden abgelehnt", "blocked", "de"),
    ("550 Kein PTR-Eintrag für 192.0.2.9 vorhanden", "requireptr", "de"),
    ("450 Rückwärtsauflösung fehlgeschlagen für 192.0.2.4", "requireptr", "de"),
    ("535 5.7.8 Authentifizierung fehlgeschlagen", "securityerror", "de"),
    ("530 5.7.0 Verschlüsselung erforderlich", "securityerror", "de"),
    ("550 5.7.26 SPF-Prüfung fehlgeschlagen", "authfailure", "de"),
    ("550 Die Nachricht wurde als Spam eingestuft", "spamdetected", "de"),
    ("554 Spamverdacht: Nachricht abgelehnt", "spamdetected", "de"),
    ("554 In der Nachricht wurde Schadsoftware gefunden", "virusdetected", "de"),
    ("552 Die Nachricht übersteigt die Größenbeschränkung", "mesgtoobig", "de"),
    ("550 Relay-Zugriff verweigert", "norelaying", "de"),
    ("421 Zu viele Verbindungen von Ihrer IP-Adresse", "toomanyconn", "de"),
    ("452 Zu viele Empfänger", "toomanyconn", "de"),
    ("451 Ratenbegrenzung überschritten", "speeding", "de"),
    ("Die Verbindung wurde vom Kommunikationspartner zurückgesetzt", "networkerror", "de"),
    ("554 5.4.6 E-Mail-Schleife erkannt", "networkerror", "de"),
    ("452 Auf dem Gerät ist kein Speicherplatz mehr verfügbar", "systemfull", "de"),
    ("451 Interner Fehler bei der Verarbeitung", "systemerror", "de"),
    ("Die Nachricht in der Warteschlange ist abgelaufen", "expired", "de"),
    ("554 Nachricht ist nicht RFC-konform", "notcompliantrfc", "de"),
    # French: Microsoft's French status code descriptions, glibc's French strerror texts,
    # MailScanner's French report strings, plain French
    ("550 5.1.7 L'adresse de l'expéditeur est refusée", "rejected", "fr"),
    ("553 Expéditeur non autorisé", "rejected", "fr"),
    ("554 Votre adresse IP 192.0.2.7 est sur une liste noire", "blocked", "fr"),
    ("550 Connexions refusées depuis les adresses IP dynamiques", "blocked", "fr"),
    ("550 Pas de DNS inverse pour 192.0.2.9", "requireptr", "fr"),
    ("450 Enregistrement PTR absent pour 192.0.2.4", "requireptr", "fr"),
    ("535 5.7.8 Échec de l'authentification : mot de passe incorrect", "securityerror", "fr"),
    ("530 5.7.0 Chiffrement requis", "securityerror", "fr"),
    ("550 5.7.26 Échec DKIM pour le domaine", "authfailure", "fr"),
    ("550 Le message a été considéré comme spam", "spamdetected", "fr"),
    ("554 Courrier indésirable refusé", "spamdetected", "fr"),
    ("554 Logiciel malveillant détecté dans la pièce jointe", "virusdetected", "fr"),
    ("552 Le message est trop volumineux", "mesgtoobig", "fr"),
    ("552 La taille du message dépasse la limite autorisée", "mesgtoobig", "fr"),
    ("550 Relais non autorisé", "norelaying", "fr"),
    ("421 Trop de connexions depuis votre adresse IP", "toomanyconn", "fr"),
    ("452 Trop de destinataires", "toomanyconn", "fr"),
    ("451 Trop de messages, réessayez plus tard", "speeding", "fr"),
    ("Connexion ré-initialisée par le correspondant", "networkerror", "fr"),
    ("554 5.4.6 Boucle de courrier détectée", "networkerror", "fr"),
    ("452 Aucun espace disponible sur le périphérique", "systemfull", "fr"),
    ("451 Erreur interne du serveur", "systemerror", "fr"),
    ("Le message dans la file d'attente a expiré", "expired", "fr"),
    ("554 Message non conforme à la RFC 5322", "notcompliantrfc", "fr"),
    ("550 Le certificat a expiré", "securityerror", "fr"),
    # Spanish: Microsoft's Spanish status code descriptions, glibc's Spanish strerror texts,
    # MailScanner's Spanish report strings, plain Spanish
    ("553 5.1.7 La dirección del remitente fue rechazada", "rejected", "es"),
    ("550 Remitente no autorizado", "rejected", "es"),
    ("554 Su dirección IP 192.0.2.7 está en una lista negra", "blocked", "es"),
    ("550 Conexiones rechazadas desde direcciones IP dinámicas", "blocked", "es"),
    ("550 Sin registro PTR para 192.0.2.9", "requireptr", "es"),
    ("450 DNS inverso no coincide para 192.0.2.4", "requireptr", "es"),
    ("535 5.7.8 Autenticación fallida: contraseña incorrecta", "securityerror", "es"),
    ("530 5.7.0 Se requiere una conexión cifrada", "securityerror", "es"),
    ("550 5.7.26 Fallo DMARC para el dominio", "authfailure", "es"),
    ("550 El mensaje fue clasificado como spam", "spamdetected", "es"),
    ("554 Correo no deseado rechazado", "spamdetected", "es"),
    ("554 Se ha detectado software malicioso en el adjunto", "virusdetected", "es"),
    ("552 El mensaje es demasiado grande", "mesgtoobig", "es"),
    ("552 El tamaño del mensaje excede el límite permitido", "mesgtoobig", "es"),
    ("550 Retransmisión denegada", "norelaying", "es"),
    ("550 No se permite retransmitir", "norelaying", "es"),
    ("421 Demasiadas conexiones desde su dirección IP", "toomanyconn", "es"),
    ("452 Demasiados destinatarios", "toomanyconn", "es"),
    ("451 Demasiados mensajes, inténtelo más tarde", "speeding", "es"),
    ("Conexión reinicializada por la máquina remota", "networkerror", "es"),
    ("554 5.4.6 Bucle de correo detectado", "networkerror", "es"),
    ("452 No queda espacio en el dispositivo", "systemfull", "es"),
    ("451 Error interno del servidor", "systemerror", "es"),
    ("El mensaje de la cola ha expirado", "expired", "es"),
    ("554 El mensaje no cumple con el RFC 5322", "notcompliantrfc", "es"),
    # Portuguese: Microsoft's Brazilian status code descriptions, glibc's pt_BR and pt
    # strerror texts, MailScanner's pt_br report strings, plain Portuguese
    ("553 5.1.7 O endereço do remetente foi rejeitado", "rejected", "pt"),
    ("550 Remetente não autorizado", "rejected", "pt"),
    ("554 Seu endereço IP 192.0.2.7 está em uma lista negra", "blocked", "pt"),
    ("550 Conexões de endereços IP dinâmicos são recusadas", "blocked", "pt"),
    ("550 Sem registro PTR para 192.0.2.9", "requireptr", "pt"),
    ("450 DNS reverso não corresponde para 192.0.2.4", "requireptr", "pt"),
    ("535 5.7.8 Falha na autenticação: senha incorreta", "securityerror", "pt"),
    ("530 5.7.0 Criptografia obrigatória", "securityerror", "pt"),
    ("550 O certificado expirou", "securityerror", "pt"),
    ("550 5.7.26 Falha DMARC para o domínio", "authfailure", "pt"),
    ("550 A mensagem foi classificada como spam", "spamdetected", "pt"),
    ("554 Mensagem indesejada recusada", "spamdetected", "pt"),
    ("554 O anexo contém um vírus", "virusdetected", "pt"),
    ("552 A mensagem é muito grande", "mesgtoobig", "pt"),
    ("552 O tamanho da mensagem excede o limite permitido", "mesgtoobig", "pt"),
    ("550 Retransmissão negada", "norelaying", "pt"),
    ("421 Muitas conexões do seu endereço IP", "toomanyconn", "pt"),
    ("452 Destinatários demais", "toomanyconn", "pt"),
    ("451 Muitas mensagens, tente mais tarde", "speeding", "pt"),
    ("Conexão fechada pela outra ponta", "networkerror", "pt"),
    ("554 5.4.6 Loop de email detectado", "networkerror", "pt"),
    ("452 Não há espaço disponível no dispositivo", "systemfull", "pt"),
    ("451 Erro interno do servidor", "systemerror", "pt"),
    ("A mensagem na fila expirou", "expired", "pt"),
    ("554 Cabeçalho malformado", "notcompliantrfc", "pt"),
    # Italian: Microsoft's Italian status code descriptions, glibc's Italian strerror texts,
    # MailScanner's Italian report strings, plain Italian
    ("553 5.1.7 L'indirizzo del mittente è stato rifiutato", "rejected", "it"),
    ("550 Mittente non autorizzato", "rejected", "it"),
    ("554 Il tuo IP 192.0.2.7 è in una lista nera", "blocked", "it"),
    ("550 Connessioni da indirizzi IP dinamici rifiutate", "blocked", "it"),
    ("550 Nessun record PTR per 192.0.2.9", "requireptr", "it"),
    ("450 DNS inverso non corrisponde per 192.0.2.4", "requireptr", "it"),
    ("535 5.7.8 Autenticazione non riuscita: password errata", "securityerror", "it"),
    ("530 5.7.0 Connessione cifrata obbligatoria", "securityerror", "it"),
    ("550 Il certificato è scaduto", "securityerror", "it"),
    ("550 5.7.26 Verifica SPF fallita", "authfailure", "it"),
    ("550 Il messaggio è stato classificato come spam", "spamdetected", "it"),
    ("554 Posta indesiderata rifiutata", "spamdetected", "it"),
    ("554 Rilevato software dannoso nell'allegato", "virusdetected", "it"),
    ("552 Il messaggio è troppo grande", "mesgtoobig", "it"),
    ("552 Il messaggio supera la dimensione massima consentita", "mesgtoobig", "it"),
    ("550 Relay non consentito", "norelaying", "it"),
    ("421 Troppe connessioni dal tuo indirizzo IP", "toomanyconn", "it"),
    ("452 Troppi destinatari", "toomanyconn", "it"),
    ("451 Troppi messaggi, riprovare più tardi", "speeding", "it"),
    ("Connessione interrotta dal corrispondente", "networkerror", "it"),
    ("554 5.4.6 Loop della posta rilevato", "networkerror", "it"),
    ("452 Spazio esaurito sul device", "systemfull", "it"),
    ("451 Errore interno del server", "systemerror", "it"),
    ("Il messaggio nella coda è scaduto", "expired", "it"),
    ("554 Messaggio non conforme alla RFC 5322", "notcompliantrfc", "it"),
    # Dutch: glibc's Dutch strerror texts, MailScanner's Dutch report strings, plain Dutch
    ("553 5.1.7 Afzenderadres geweigerd", "rejected", "nl"),
    ("550 Afzender niet toegestaan", "rejected", "nl"),
    ("554 Uw IP-adres 192.0.2.7 staat op een zwarte lijst", "blocked", "nl"),
    ("550 Verbindingen van dynamische IP-adressen worden geweigerd", "blocked", "nl"),
    ("550 Geen PTR-record voor 192.0.2.9", "requireptr", "nl"),
    ("450 Omgekeerde DNS komt niet overeen voor 192.0.2.4", "requireptr", "nl"),
    ("535 5.7.8 Authenticatie mislukt: onjuist wachtwoord", "securityerror", "nl"),
    ("530 5.7.0 Versleuteling vereist", "securityerror", "nl"),
    ("550 Het certificaat is verlopen", "securityerror", "nl"),
    ("550 5.7.26 DMARC-controle mislukt", "authfailure", "nl"),
    ("550 Het bericht is als spam aangemerkt", "spamdetected", "nl"),
    ("554 Ongewenste e-mail geweigerd", "spamdetected", "nl"),
    ("554 Het bericht bevat een virus", "virusdetected", "nl"),
    ("552 Bericht is te groot", "mesgtoobig", "nl"),
    ("552 Het bericht overschrijdt de maximale grootte", "mesgtoobig", "nl"),
    ("550 Relayen niet toegestaan", "norelaying", "nl"),
    ("421 Te veel verbindingen vanaf uw IP-adres", "toomanyconn", "nl"),
    ("452 Te veel ontvangers", "toomanyconn", "nl"),
    ("451 Te veel berichten, probeer het later opnieuw", "speeding", "nl"),
    ("Verbinding is weggevallen", "networkerror", "nl"),
    ("554 5.4.6 Maillus gedetecteerd", "networkerror", "nl"),
    ("452 Geen ruimte meer over op apparaat", "systemfull", "nl"),
    ("451 Interne serverfout", "systemerror", "nl"),
    ("Het bericht is verlopen", "expired", "nl"),
    ("554 Bericht voldoet niet aan RFC 5322", "notcompliantrfc", "nl"),
    # Russian: Microsoft's Russian status code descriptions, glibc's Russian strerror texts,
    # plain Russian
    ("553 5.1.7 Адрес отправителя отклонён", "rejected", "ru"),
    ("550 Отправитель заблокирован", "rejected", "ru"),
    ("554 Ваш IP-адрес 192.0.2.7 находится в чёрном списке", "blocked", "ru"),
    ("550 Соединения с динамических IP-адресов отклонены", "blocked", "ru"),
    ("550 Отсутствует PTR-запись для 192.0.2.9", "requireptr", "ru"),
    ("450 Обратная зона не соответствует для 192.0.2.4", "requireptr", "ru"),
    ("535 5.7.8 Ошибка авторизации: неверный пароль", "securityerror", "ru"),
    ("530 5.7.0 Требуется шифрование", "securityerror", "ru"),
    ("550 Срок действия сертификата истёк", "securityerror", "ru"),
    ("550 5.7.26 Проверка SPF не пройдена", "authfailure", "ru"),
    ("550 Письмо признано спамом", "spamdetected", "ru"),
    ("554 Нежелательная почта отклонена", "spamdetected", "ru"),
    ("554 Во вложении обнаружено вредоносное ПО", "virusdetected", "ru"),
    ("552 Сообщение слишком велико", "mesgtoobig", "ru"),
    ("552 Письмо превышает максимальный размер", "mesgtoobig", "ru"),
    ("550 Ретрансляция запрещена", "norelaying", "ru"),
    ("421 Слишком много соединений с вашего IP-адреса", "toomanyconn", "ru"),
    ("452 Слишком много получателей", "toomanyconn", "ru"),
    ("451 Слишком много писем, повторите позже", "speeding", "ru"),
    ("Соединение разорвано другой стороной", "networkerror", "ru"),
    ("554 5.4.6 Обнаружен почтовый цикл", "networkerror", "ru"),
    ("452 На устройстве не осталось свободного места", "systemfull", "ru"),
    ("451 Внутренняя ошибка сервера", "systemerror", "ru"),
    ("Срок действия сообщения в очереди истек", "expired", "ru"),
    ("554 Письмо не соответствует RFC 5322", "notcompliantrfc", "ru"),
]

# A domain that takes no mail (RFC 7505), a recipient refusing this sender, a group or list
# open to its members, a header field missing or repeated, the SMTP conversation going wrong,
# and the shorter forms of the network, limit, expiry, log-in and verb entries: (text, entry).
PIECES = [
    # German: Microsoft's German 5.7.1 and 5.5.x descriptions, glibc's German strerror and
    # gai_strerror texts, plain German
    ("550 Die Domain example.org nimmt keine E-Mails an", "de:notaccept"),
    (
        "550 Der Empfänger nimmt keine Nachrichten von diesem Absender an",
        "de:filtered-by-recipient",
    ),
    ("550 Der Empfänger hat Sie blockiert", "de:filtered-by-recipient"),
    ("550 5.7.1 Die Gruppe akzeptiert nur Nachrichten von Mitgliedern", "de:filtered"),
    ("550 Sie sind kein Mitglied dieser Liste", "de:filtered"),
    ("550 Keine Berechtigung zum Senden an diesen Empfänger", "de:filtered"),
    ("554 Kopfzeile Message-ID fehlt", "de:notcompliantrfc-header"),
    ("554 Doppelte Kopfzeile: Subject", "de:notcompliantrfc-header"),
    ("500 5.5.1 Protokollfehler", "de:syntaxerror"),
    ("503 Falsche Befehlsfolge", "de:syntaxerror"),
    ("421 Zu viele unbekannte Befehle", "de:syntaxerror"),
    ("451 Zu viele Zustellversuche", "de:expired"),
    ("Der Rechner ist nicht aktiv", "de:unreachable"),
    ("Temporärer Fehler bei der Namensauflösung", "de:unreachable"),
    ("451 Abbruch der Verbindung zum Zielserver", "de:networkerror"),
    ("451 Tageslimit erreicht", "de:speeding"),
    ("530 Authentifizierung wird nicht angeboten", "de:securityerror"),
    ("550 Das Postfach darf keine Nachrichten empfangen", "de:suspend"),
    ("554 Wir akzeptieren keine E-Mails von Ihrer IP-Adresse", "de:blocked"),
    ("550 Wir lehnen Nachrichten von diesem Absender ab", "de:rejected"),
    # French: Microsoft's French 5.7.1 and 5.5.x descriptions, glibc's French texts, plain French
    ("550 Le domaine example.org n'accepte pas de courrier", "fr:notaccept"),
    (
        "550 Le destinataire n'accepte pas les messages de cet expéditeur",
        "fr:filtered-by-recipient",
    ),
    ("550 Le destinataire vous a bloqué", "fr:filtered-by-recipient"),
    ("550 5.7.1 Vous n'avez pas l'autorisation d'envoyer à ce destinataire", "fr:filtered"),
    ("550 Vous n'êtes pas membre de cette liste", "fr:filtered"),
    ("554 En-tête Message-ID manquant", "fr:notcompliantrfc-header"),
    ("554 En-tête Subject en double", "fr:notcompliantrfc-header"),
    ("500 5.5.1 Erreur de protocole", "fr:syntaxerror"),
    ("503 Commandes SMTP hors séquence", "fr:syntaxerror"),
    ("421 Trop de commandes inconnues", "fr:syntaxerror"),
    ("451 Trop de tentatives", "fr:expired"),
    ("L'hôte cible est arrêté ou en panne", "fr:unreachable"),
    ("Échec temporaire dans la résolution du nom", "fr:unreachable"),
    ("421 Le serveur distant s'est déconnecté", "fr:networkerror"),
    ("451 Limite quotidienne atteinte", "fr:speeding"),
    ("530 Authentification non proposée", "fr:securityerror"),
    ("554 Nous n'acceptons pas le courrier de votre adresse IP", "fr:blocked"),
    ("550 Nous refusons le courrier de cet expéditeur", "fr:rejected"),
    # Spanish: Microsoft's Spanish 5.7.1 and 5.5.x descriptions, glibc's Spanish texts
    ("550 El dominio example.org no acepta correo", "es:notaccept"),
    ("550 El destinatario no acepta mensajes de este remitente", "es:filtered-by-recipient"),
    ("550 El destinatario le ha bloqueado", "es:filtered-by-recipient"),
    ("550 5.7.1 No tiene permiso para enviar mensajes al destinatario", "es:filtered"),
    ("550 No es miembro de esta lista", "es:filtered"),
    ("554 Encabezado Subject duplicado", "es:notcompliantrfc-header"),
    ("500 5.5.1 Error de protocolo", "es:syntaxerror"),
    ("503 Comandos SMTP fuera de la secuencia", "es:syntaxerror"),
    ("451 Número máximo de reintentos", "es:expired"),
    ("El host no está operativo", "es:unreachable"),
    ("Fallo temporal en la resolución del nombre", "es:unreachable"),
    ("451 Límite diario alcanzado", "es:speeding"),
    ("530 Autenticación no ofrecida", "es:securityerror"),
    ("550 La cuenta no está autorizada a recibir mensajes", "es:suspend"),
    ("554 No aceptamos correo de su dirección IP", "es:blocked"),
    ("550 Rechazamos el correo de este remitente", "es:rejected"),
    # Portuguese: Microsoft's Brazilian 5.7.1 and 5.5.x descriptions, glibc's pt and pt_BR
    # texts, plain Portuguese. The word lists are read
    # together: a word Spanish shares ("duplicado", "límite diario") is read by es's entry.
    ("550 O domínio example.org não aceita mensagens", "pt:notaccept"),
    ("550 O destinatário não aceita mensagens de você", "pt:filtered-by-recipient"),
    ("550 O destinatário bloqueou você", "pt:filtered-by-recipient"),
    ("550 Você não tem permissão para enviar para este destinatário", "pt:filtered"),
    ("550 Você não é membro desta lista", "pt:filtered"),
    # Microsoft's Brazilian 5.7.1 'Delivery not authorized' description
    (
        "550 5.7.1 O remetente da mensagem não tem permissão para enviar mensagens ao destinatário",
        "pt:filtered",
    ),
    ("503 Comandos SMTP enviados fora de sequência", "pt:syntaxerror"),  # Microsoft's 5.5.2
    ("554 Cabeçalho Message-ID faltando", "pt:notcompliantrfc-header"),
    ("554 Cabeçalho Subject duplicado", "es:notcompliantrfc-header"),
    ("500 5.5.1 Erro de protocolo", "pt:syntaxerror"),
    ("421 Muitos comandos desconhecidos", "pt:syntaxerror"),
    ("451 Número máximo de tentativas", "pt:expired"),
    ("O anfitrião está em baixo", "pt:unreachable"),
    ("Falha temporária na resolução de nome", "pt:unreachable"),
    ("451 Cota diária excedida", "pt:speeding"),
    ("530 Autenticação não oferecida", "pt:securityerror"),
    ("550 A conta não está autorizada a receber mensagens", "pt:suspend"),
    ("554 Não aceitamos mensagens do seu IP", "pt:blocked"),
    ("550 Recusamos mensagens deste remetente", "pt:rejected"),
    # Italian: Microsoft's Italian 5.7.1 and 5.5.x descriptions, glibc's Italian texts
    ("550 Il dominio example.org non accetta posta", "it:notaccept"),
    ("550 Il destinatario non accetta messaggi da questo mittente", "it:filtered-by-recipient"),
    ("550 Il destinatario ti ha bloccato", "it:filtered-by-recipient"),
    ("550 Non sei membro di questa lista", "it:filtered"),
    # Microsoft's Italian 5.7.1 'Delivery not authorized' and 5.5.6 descriptions
    ("550 5.7.1 Al mittente non è consentito inviare messaggi al destinatario", "it:filtered"),
    ("550 Il gruppo accetta messaggi solo da membri del gruppo", "it:filtered"),
    ("554 Possibile errore del protocollo", "it:syntaxerror"),
    ("554 Intestazione Message-ID mancante", "it:notcompliantrfc-header"),
    ("500 5.5.1 Errore di protocollo", "it:syntaxerror"),
    ("421 Troppi comandi sconosciuti", "it:syntaxerror"),
    ("451 Troppi tentativi", "it:expired"),
    ("L'host non è attivo", "it:unreachable"),
    ("Errore temporaneo nella risoluzione del nome", "it:unreachable"),
    ("451 Limite giornaliero raggiunto", "it:speeding"),
    ("530 Autenticazione non offerta", "it:securityerror"),
    ("550 L'account non è autorizzato a ricevere messaggi", "it:suspend"),
    ("554 Non accettiamo posta dal tuo indirizzo IP", "it:blocked"),
    ("550 Rifiutiamo la posta di questo mittente", "it:rejected"),
    # Dutch: glibc's Dutch texts, plain Dutch
    ("550 Het domein example.org accepteert geen e-mail", "nl:notaccept"),
    ("550 De ontvanger accepteert geen berichten van deze afzender", "nl:filtered-by-recipient"),
    ("550 De ontvanger heeft u geblokkeerd", "nl:filtered-by-recipient"),
    ("550 U bent geen lid van deze lijst", "nl:filtered"),
    ("554 Kopregel Message-ID ontbreekt", "nl:notcompliantrfc-header"),
    ("500 5.5.1 Protocolfout", "nl:syntaxerror"),
    ("421 Te veel onbekende opdrachten", "nl:syntaxerror"),
    ("451 Te veel pogingen", "nl:expired"),
    ("Host is inactief", "nl:unreachable"),
    ("Tijdelijk probleem in naamsherleiding", "nl:unreachable"),
    ("451 Daglimiet bereikt", "nl:speeding"),
    ("530 Authenticatie wordt niet aangeboden", "nl:securityerror"),
    ("550 Het postvak mag geen berichten ontvangen", "nl:suspend"),
    ("554 Wij accepteren geen e-mail van uw IP-adres", "nl:blocked"),
    ("550 Wij weigeren e-mail van deze afzender", "nl:rejected"),
    # Russian: Microsoft's Russian 5.7.1 and 5.5.6 descriptions, glibc's Russian texts
    ("550 Домен example.org не принимает почту", "ru:notaccept"),
    ("550 Получатель не принимает письма от этого отправителя", "ru:filtered-by-recipient"),
    ("550 Получатель заблокировал вас", "ru:filtered-by-recipient"),
    ("550 Вы не являетесь участником этого списка", "ru:filtered"),
    # Microsoft's Russian 5.7.1 'Delivery not authorized' and 5.5.6 descriptions
    ("550 Группа принимает сообщения только от своих членов", "ru:filtered"),
    ("550 Запросите разрешение на отправку сообщений получателю", "ru:filtered"),
    ("554 Сообщение свидетельствует о возможной ошибке протокола", "ru:syntaxerror"),
    ("554 Заголовок Date дублируется", "ru:notcompliantrfc-header"),
    ("500 5.5.1 Ошибка протокола", "ru:syntaxerror"),
    ("421 Слишком много неизвестных команд", "ru:syntaxerror"),
    ("451 Слишком много попыток", "ru:expired"),
    ("Узел выключен", "ru:unreachable"),
    ("Временный сбой в разрешении имен", "ru:unreachable"),
    ("451 Суточный лимит исчерпан", "ru:speeding"),
    ("530 Аутентификация не предлагается", "ru:securityerror"),
    ("550 Для этого ящика приём почты отключён", "ru:suspend"),
    ("554 Мы не принимаем почту с вашего IP-адреса", "ru:blocked"),
    ("550 Мы отклоняем письма от этого отправителя", "ru:rejected"),
]

# Words of those entries that must not decide here.
NOT_PIECES = [
    "501 Syntaxfehler in der Absenderadresse",  # the address's form, not the conversation
    "552 Kopfzeilen zu groß",  # a size limit, not a header field's form
    "501 Erreur de syntaxe dans l'adresse de l'expéditeur",
    "552 En-têtes trop volumineux",
    "501 Error de sintaxis en la dirección del remitente",
    "552 Encabezados demasiado grandes",
    "501 Erro de sintaxe no endereço do remetente",
    "501 Errore di sintassi nell'indirizzo del mittente",
    "501 Syntaxisfout in het adres van de afzender",
    "501 Синтаксическая ошибка в адресе отправителя",
]

# An unreachable host, in each language: a network error while queued (expired once given up).
UNREACHABLE = [
    ("Verbindungsaufbau abgelehnt", "de"),
    ("Die Wartezeit für die Verbindung ist abgelaufen", "de"),
    ("Connexion refusée", "fr"),
    ("Connexion terminée par expiration du délai d'attente", "fr"),
    ("Conexión rehusada", "es"),
    ("Expiró el tiempo de conexión", "es"),
    ("Conexão recusada", "pt"),
    ("Ligação recusada", "pt"),  # Portugal's word for the connection (glibc po/pt.po)
    ("Tempo esgotado para conexão", "pt"),
    ("Connessione rifiutata", "it"),
    ("Connessione scaduta", "it"),
    ("Verbinding is geweigerd", "nl"),
    ("Verbinding is verlopen", "nl"),
    ("В соединении отказано", "ru"),
    ("Время ожидания соединения истекло", "ru"),
    ("Der Server ist nicht erreichbar", "de"),
    ("Server is niet bereikbaar", "nl"),
    ("Server irraggiungibile", "it"),
    ("O servidor de destino não está respondendo", "pt"),  # Microsoft's 4.4.1 cause
]

# The recipient's fact still decides when both are said.
RECIPIENT_FIRST = [
    ("550 Empfänger unbekannt, Verbindung abgelehnt", "userunknown"),
    ("550 Das Postfach ist voll, zu viele Nachrichten gespeichert", "mailboxfull"),
    ("550 Utilisateur inconnu, connexion refusée", "userunknown"),
    ("552 Boîte pleine : trop de messages stockés", "mailboxfull"),
    ("550 Usuario desconocido, conexión rechazada", "userunknown"),
    ("552 Buzón lleno: demasiados mensajes almacenados", "mailboxfull"),
    ("550 El destinatario tiene su buzón lleno", "mailboxfull"),  # "su": his, not your
    ("550 El dominio no existe en su servidor", "hostunknown"),
    ("550 Usuário desconhecido, conexão recusada", "userunknown"),
    ("552 Caixa postal cheia: muitas mensagens armazenadas", "mailboxfull"),
    ("550 Utente sconosciuto, connessione rifiutata", "userunknown"),
    ("552 Casella piena: troppi messaggi archiviati", "mailboxfull"),
    ("550 Gebruiker onbekend, verbinding geweigerd", "userunknown"),
    ("552 Postvak vol: te veel berichten opgeslagen", "mailboxfull"),
    ("550 Пользователь не существует, в соединении отказано", "userunknown"),
    ("552 Почтовый ящик переполнен: слишком много писем в ящике", "mailboxfull"),
]

# No sending-side verdict: a scanner that timed out, a negation, a limit that is not the
# message's. (A scanner not available is the receiving system's own trouble, systemerror:
# tests/test_meaning_round16.py.) (An unknown sender is `rejected`: tests/test_meaning.py.)
NOT_SENDING = [
    "451 Zeitüberschreitung beim Virenscanner",
    "550 Die Nachricht ist kein Spam",
    "552 Nachricht ist läger als die maximal für den Test konfiguriert",  # MailScanner SATooLarge
    "550 Ihr Konto wurde deaktiviert",
    "550 Ce message n'est pas un spam",
    "550 La boîte aux lettres est inaccessible",  # Microsoft's 5.2.1: the mailbox, not the network
    "550 Votre compte est désactivé",
    "550 Este mensaje no es spam",
    # MailScanner's SATooLarge: too large for the spam check, not refused
    "552 El mensaje sobrepasa el tamaño máximo establecido para ser analizado",
    "550 Esta mensagem não é spam",
    "552 A mensagem é maior do que o tamanho de teste permitido",  # MailScanner SATooLarge
    "550 Questo messaggio non è spam",
    "552 Il messaggio supera la massima dimensione analizzabile",  # MailScanner SATooLarge
    "550 Dit bericht is geen spam",
    "550 Uw account is uitgeschakeld",
    "550 Это письмо не является спамом",
    # an unreachable recipient is no network's failure: only a named server or host is
    "Der Empfänger ist nicht erreichbar",
    "Ontvanger niet bereikbaar",
    "Destinatario irraggiungibile",
    "O destinatário não está respondendo",
]


@pytest.mark.parametrize(("text", "reason", "language"), SENDING)
def test_reads_the_sending_side(text: str, reason: str, language: str) -> None:
    found = read(text)
    assert found is not None and found[0] == reason, found
    assert found[1].startswith(f"meaning:{language}:"), found


@pytest.mark.parametrize(("text", "language"), UNREACHABLE)
def test_unreachable(text: str, language: str) -> None:
    assert read(text) == ("networkerror", f"meaning:{language}:unreachable")
    assert meaning.given_up(f"meaning:{language}:unreachable") == "expired"


@pytest.mark.parametrize(("text", "reason"), RECIPIENT_FIRST)
def test_the_recipient_side_still_decides(text: str, reason: str) -> None:
    found = read(text)
    assert found is not None and found[0] == reason, found


@pytest.mark.parametrize("text", NOT_SENDING)
def test_words_that_must_not_decide(text: str) -> None:
    assert read(text) is None


def test_every_language_has_cases() -> None:
    languages = {language for _, _, language in SENDING}
    assert languages == {"de", "fr", "es", "pt", "it", "nl", "ru"}


@pytest.mark.parametrize(("text", "entry"), PIECES)
def test_reads_the_pieces(text: str, entry: str) -> None:
    found = read(text)
    assert found is not None and found[1] == f"meaning:{entry}", found


@pytest.mark.parametrize("text", NOT_PIECES)
def test_pieces_words_that_must_not_decide(text: str) -> None:
    found = read(text)
    assert found is None or found[0] not in {"syntaxerror", "notcompliantrfc"}, found


def test_every_language_has_pieces() -> None:
    languages = {entry.split(":")[0] for _, entry in PIECES}
    assert languages == {"de", "fr", "es", "pt", "it", "nl", "ru"}
