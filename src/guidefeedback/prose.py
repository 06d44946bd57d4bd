"""Rules about running text that readers and the analysis share.

Kept apart from both so that a reader (PDF lines, a comment's paragraphs) and the analysis
(parts of a comment) decide the same way where a sentence goes on.
"""

from __future__ import annotations

_SENTENCE_ENDS = (".", ":", "!", "?")


def continues_sentence(before: str, after: str) -> bool:
    """True when ``after`` goes on with the sentence ``before`` left open: ``before`` does
    not end in end punctuation and ``after`` starts in lower case ("… under de första
    åren" / "saknas helt …"). A line wrap, a page break or a pasted blank line there does
    not end a paragraph."""
    return not before.rstrip().endswith(_SENTENCE_ENDS) and after.lstrip()[:1].islower()
