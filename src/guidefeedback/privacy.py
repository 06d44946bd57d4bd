"""Personal data in published output: what is masked, and a list of it for a person to review.

Published output (``render --publish``) shows organisations, never a private individual's
name, e-mail address or phone number unless the submitter agreed. Inside comment text we
mask what a pattern can find: e-mail addresses, phone numbers (Swedish and international
forms) and Swedish personal identity numbers. Patterns miss things ("Dr Smith" is not a
pattern), so every masked item is listed in a review file kept out of the published set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Personal identity numbers: YYMMDD-NNNN, YYYYMMDD-NNNN, with -, + or nothing between.
_PERSONNUMMER = re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+]?\d{4}(?!\d)")
# Phone numbers: an optional +country code or leading 0, then 7+ digits with spaces, dashes,
# dots or one bracketed area code between them. Section numbers ("3.2.1") and years are too
# short to match.
_PHONE = re.compile(
    r"(?<![\w.])(?:\+\d{1,3}[\s.-]?|\(\d{1,4}\)\s?|0)\d{1,4}(?:[\s.-]?\d{2,4}){2,4}(?![\w.])"
)


@dataclass(frozen=True, slots=True)
class Masked:
    kind: str
    original: str


def mask_text(text: str | None, *, lang: str = "en") -> tuple[str | None, list[Masked]]:
    """Text with personal data replaced by a bracketed note, and what was replaced."""
    if not text:
        return text, []
    found: list[Masked] = []
    notes = {
        "en": {"email": "[e-mail removed]", "phone": "[phone removed]", "pin": "[ID removed]"},
        "sv": {
            "email": "[e-post borttagen]",
            "phone": "[telefon borttagen]",
            "pin": "[personnummer borttaget]",
        },
    }.get(lang, {"email": "[e-mail removed]", "phone": "[phone removed]", "pin": "[ID removed]"})

    def replace(kind: str) -> Callable[[re.Match[str]], str]:
        def sub(match: re.Match[str]) -> str:
            found.append(Masked(kind, match.group(0)))
            return notes[kind]

        return sub

    out = _EMAIL.sub(replace("email"), text)
    out = _PERSONNUMMER.sub(replace("pin"), out)
    out = _PHONE.sub(replace("phone"), out)
    return out, found
