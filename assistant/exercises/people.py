"""People's names and home addresses in a prompt say whom a case is about, not which job it is: "Mr.
Kashif Mehmood", "Shazia Parveen w/o Muhammad Rafiq", "resident of Mohalla Eidgah", "House 22-B, Johar
Town". `without_names` takes them out before the relevance judgement counts a prompt's subject words, as
a CNIC or a phone number is not a figure of another case (assistant/exercises/case_facts.py). A name is
recognised only where something marks it as one: a title, a kinship phrase, "I, <name>," or a label
such as "Requester:"; an address by "resident of", a house or street number, or a mohalla, town or
colony; a capitalised word alone may as well be an office ("Excise and Taxation")."""

from __future__ import annotations

import re

_WORD = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_RUN = rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}"  # up to four capitalised words
_MARKER = (
    r"\b(?:Mr|Mrs|Ms|Mst|Miss|Dr|Syed|Syeda|Begum|Hafiz|Haji|Late)\.?"
    r"|\b[sdw]\s?/\s?o\b|\b(?:son|daughter|wife|widow|husband) of\b"  # "s/o Ghulam Nabi"
    r"|(?:^|(?<=[\s\"'“(]))I,"
    r"|\b(?:Name|Requester|Applicant|Complainant|Petitioner|Citizen|Employee|Officer)\s*:"
)
# a placeholder ("[Late husband]", "widow of Late [Name]") is no name
_NAMED = re.compile(
    rf"(?<!\[)(?:{_MARKER})[ \t]+(?:(?:Mr|Mrs|Ms|Mst|Late)\.?[ \t]+)?(?!Late\b)({_RUN})(?![\w ]*\])", re.M
)
_KIN = r"\b[sdw]\s?/\s?o\b|\b(?:son|daughter|wife|widow|husband) of\b"
_BEFORE_KIN = re.compile(rf"(?<!\[)\b({_RUN})(?=[ \t,]+(?:{_KIN}))")


_PART = r"(?:[A-Z][\w'-]*|\d[\w/-]*|No\.?|#)"  # "Mohallah", "22-B", "No. 14"
_ADDRESS = re.compile(
    rf"\b(?:resident of|residing at|r/o|Address\s*:)[ \t]+{_PART}(?:[ \t,]+{_PART})*"
    rf"|\b(?:House|Plot|Flat|Street|Gali|Mohall?ah?|Muhallah|Sector|Block)[ \t]+(?:No\.?[ \t]*)?[\w/-]+"
    rf"|\b[A-Z][a-z]+[ \t]+(?:Town|Colony|Abad|Mohall?ah?)\b"
)


def without_names(text: str) -> str:
    """`text` with each marked person's name replaced by "[name]" and each address part by "[address]"."""
    text = _NAMED.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + "[name]", text)
    text = _BEFORE_KIN.sub("[name]", text)  # "Muhammad Arshad s/o [name]"
    return _ADDRESS.sub("[address]", text)
