"""A small reader of gettext PO files, enough for the catalog tests (polib is not a
dependency): each entry's context, msgid, plural, translations and flags."""

import ast
from dataclasses import dataclass, field


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # {0: "…"} or {0: "…", 1: "…"} for plurals
    flags: set = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self):
        """What gettext looks the entry up by: (context, msgid)."""
        return (self.msgctxt, self.msgid)

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr.values())


def _unquote(text):
    return ast.literal_eval(text) if text else ""


def read_po(path):
    """The entries of a PO file, the header (msgid "") excluded."""
    entries = []
    entry = Entry()
    target = None  # (attribute, plural index) the next continuation line extends
    started = False

    def finish():
        nonlocal entry, started
        if started and (entry.msgid or entry.msgctxt):
            entries.append(entry)
        entry, started = Entry(), False

    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.strip()
            if not line:
                finish()
                target = None
                continue
            if line.startswith("#~"):
                entry.obsolete = True
                continue
            if line.startswith("#,"):
                if started:
                    finish()
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
                continue
            if line.startswith("#"):
                if started:
                    finish()
                continue
            if line.startswith("msgctxt "):
                if started and entry.msgid:
                    finish()
                started = True
                entry.msgctxt = _unquote(line[8:])
                target = ("msgctxt", None)
            elif line.startswith("msgid_plural "):
                entry.msgid_plural = _unquote(line[13:])
                target = ("msgid_plural", None)
            elif line.startswith("msgid "):
                if started and entry.msgid:
                    finish()
                started = True
                entry.msgid = _unquote(line[6:])
                target = ("msgid", None)
            elif line.startswith("msgstr["):
                index, _, text = line[7:].partition("] ")
                entry.msgstr[int(index)] = _unquote(text)
                target = ("msgstr", int(index))
            elif line.startswith("msgstr "):
                entry.msgstr[0] = _unquote(line[7:])
                target = ("msgstr", 0)
            elif line.startswith('"') and target:
                name, index = target
                if name == "msgstr":
                    entry.msgstr[index] += _unquote(line)
                else:
                    setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
    finish()
    return [e for e in entries if not e.obsolete]
