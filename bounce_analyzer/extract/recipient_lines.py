"""Plain-text bounces that list each failed recipient on a line, followed by why.

The layouts (Exim, qmail, DragonFly, OpenSMTPD, Lotus Notes, ... and notices read by their
introduction) are data in `layouts.py`, tried in order; the first that recognises the message
and finds recipients decides, and the verdict rows say which layout matched.
"""

from __future__ import annotations

from email.message import Message

from ..layouts import (
    LAYOUTS,
    Layout,
    detect_says,
    pasted_original,
    read_layout,
    recognising,
    status_from_report,
)
from ..message import fill_original, reading
from ..model import Extraction


class RecipientLines:
    """Reads whichever of its layouts recognises the message."""

    completes_from_notice = False  # its records are the notice read by its layouts (extract())

    def __init__(self, layouts: tuple[Layout, ...] = LAYOUTS, name: str = "recipient-lines") -> None:
        self.layouts = layouts
        self.name = name

    def extract(self, message: Message) -> Extraction | None:
        known = reading(message)
        notice = known.notice
        if not notice:
            return None
        for layout in recognising(self.layouts, message, notice):
            # a layout recognised by words a person could also write reads only a message
            # from a mail system (the same test the last-resort reader makes)
            if layout.mail_system_only and not known.looks_like_bounce:
                continue
            window = layout.window
            action = "delayed" if detect_says(layout.delayed, message, notice, window) else "failed"
            hint = "expired" if detect_says(layout.gave_up, message, notice, window) else ""
            records = read_layout(message, notice, layout, action, hint)
            if records:
                status_from_report(message, records)
                extraction = Extraction(mta=layout.name, records=records)
                if known.returned is None:  # the copy pasted after the notice, if any
                    fill_original(extraction, pasted_original(notice, layout))
                return extraction
        return None
