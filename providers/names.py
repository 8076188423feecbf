"""Names and places as visitors read them: "Elena Dummyfield, M.D., San Juan".

NPPES writes names and cities in capitals ("ELENA DUMMYFIELD", "SAN JUAN"). Pages
show them in proper case; the stored value is kept as imported, for search, the API
and the next import's comparison. Only text with no lower-case letter is recased: a
name an editor typed ("deBakey", "van Gogh") is shown as typed.

Libraries that recase names turn MACHADO into "MacHado" and MACIAS into "MacIas",
common US surnames: here "Mc" always takes a capital after it (McDonald, McAllen),
"Mac" only in the Scottish and Irish names listed below, and everything else is
capitalised word by word, after hyphens and after a one-letter prefix with an
apostrophe (O'Brien, D'Angelo). Roman numerals (II, III, IV) stay in capitals.
"""

import re

# Surnames that keep a capital after "Mac" (MacDonald); any other "Mac…" is one word
# (Machado, Macias, Mack, Macon, Mackey).
MAC_NAMES = {
    "macalister", "macarthur", "macaulay", "macbeth", "maccallum", "macdermott",
    "macdonald", "macdougall", "macduff", "macfarlane", "macgillivray", "macgregor",
    "macguire", "macinnes", "macintosh", "macintyre", "mackay", "mackenzie",
    "mackinnon", "mackintosh", "maclaren", "maclean", "maclennan", "macleod",
    "macmahon", "macmillan", "macnamara", "macneil", "macneill", "macpherson",
    "macquarrie", "macrae", "macsween", "macwilliams",
}  # fmt: skip
ROMAN_NUMERALS = {"ii", "iii", "iv", "vi", "vii", "viii", "ix"}
# A word, split at hyphens and at the apostrophe of a one-letter prefix (O'Brien).
PIECES = re.compile(r"(-|(?<=\b[A-Za-z])')")


def proper_case(text):
    """`text` in proper case if it is all capitals (NPPES style), else unchanged."""
    if not text or any(char.islower() for char in text):
        return text
    return " ".join(_word(word) for word in text.split(" "))


def _word(word):
    if word.lower() in ROMAN_NUMERALS:
        return word.upper()
    return "".join(_piece(piece) for piece in PIECES.split(word))


def _piece(piece):
    lower = piece.lower()
    if lower.startswith("mc") and len(lower) > 2:
        return "Mc" + lower[2:].capitalize()
    if lower in MAC_NAMES:
        return "Mac" + lower[3:].capitalize()
    return lower.capitalize()
