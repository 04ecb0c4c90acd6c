"""Messages that are courtesy, not questions: "Thanks!", "Assalam o alaikum", "Khuda hafiz". They get a
short reply in kind (assistant/messages) instead of quotes from whatever sentence is closest to "thanks",
and a follow-up after them still refers to the question before."""

from __future__ import annotations

import re
from typing import Literal

Social = Literal["greeting", "thanks", "goodbye"]

_POLITE = r"(?:\s+(?:sir|madam|ma'?am|ustad|ji|sahab|bhai|dear|everyone|all|team))?"
_KINDS: tuple[tuple[Social, re.Pattern[str]], ...] = (
    (
        "thanks",
        re.compile(
            r"^(?:(?:ok(?:ay)?|great|nice|good|perfect|got it|understood|that helps?|that helped|"
            r"very helpful|ji|acha|achha|theek hai)[\s,.!]+)*"
            r"(?:thanks?(?: you)?|thank u|thx|ty|many thanks|shukriya|shukria|shukriyah|bohat shukriya|"
            r"bahut shukriya|jazak ?allah(?: khair)?|شکریہ|بہت شکریہ|جزاک اللہ)"
            rf"(?:\s+(?:a lot|so much|very much|again|for (?:the|your) (?:help|answer|reply)))*{_POLITE}$"
        ),
    ),
    (
        "greeting",
        re.compile(
            r"^(?:hi|hello|hey|hiya|salam|salaam|aoa|a\.o\.a|as+alam[\s-]*o[\s-]*alaikum|"
            r"as+alamu?[\s-]*alaikum|good (?:morning|afternoon|evening)|السلام علیکم|سلام|آداب)"
            rf"(?:\s+there)?{_POLITE}$"
        ),
    ),
    (
        "goodbye",
        re.compile(
            r"^(?:bye|goodbye|good bye|see you|khuda ?hafiz|allah ?hafiz|خدا حافظ|اللہ حافظ)"
            rf"(?:\s+(?:for now|then))?{_POLITE}$"
        ),
    ),
)
_NOISE = re.compile(r"[^\w\s'.\u0600-\u06ff-]|[\u060c\u061f\u06d4]")  # emoji, !, ?, ، ؟ ۔


def social_kind(message: str) -> Social | None:
    """What courtesy `message` is, if it is nothing but one (a short greeting, thanks or goodbye)."""
    text = " ".join(_NOISE.sub(" ", message.casefold()).split()).strip(" .")
    if not text or len(text) > 60:
        return None
    return next((kind for kind, pattern in _KINDS if pattern.match(text)), None)
