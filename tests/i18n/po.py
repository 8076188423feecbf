"""The catalog tests' view of a gettext PO file, read with polib (installed with
wagtail-localize, which reads and writes PO files with it): each entry's context,
msgid, plural, translations by plural index and flags."""

from dataclasses import dataclass, field

import polib


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # {0: "…"} or {0: "…", 1: "…"} for plurals
    flags: set = field(default_factory=set)

    @property
    def key(self):
        """What gettext looks the entry up by: (context, msgid)."""
        return (self.msgctxt, self.msgid)

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr.values())


def read_po(path):
    """The entries of a PO file, the header (msgid "") and obsolete entries excluded."""
    return [
        Entry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgid_plural=entry.msgid_plural or None,
            msgstr=(
                {int(n): text for n, text in entry.msgstr_plural.items()}
                if entry.msgid_plural
                else {0: entry.msgstr}
            ),
            flags=set(entry.flags),
        )
        for entry in polib.pofile(str(path), wrapwidth=0)
        if not entry.obsolete and (entry.msgid or entry.msgctxt)
    ]
