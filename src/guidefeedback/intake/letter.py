"""A letter (remissvar, position paper, e-mailed comments) → comments and letter details.

Every letter reader (.docx, .odt, PDF, plain text, e-mail) turns its file into a list of
:class:`Block` — one paragraph each, in reading order, with what the file says about it
(a heading style, bold or a larger font, a list number, the page it is on). This module
does the rest, the same way for every format:

1. **Letterhead**: the short lines at the top, up to the subject line ("Yttrande över …",
   "Remissvar …", "Response to …") or the first paragraph of prose. They give the
   organisation (the first line that is not an address, date, reference, phone or
   e-mail), the date and the body's own reference number ("Dnr", "Diarienummer", "Vår
   beteckning", "Our ref"; not "Er beteckning"/"Your ref", which is the consulting body's).
2. **Preamble**: paragraphs before the first heading that only say the body was asked and
   answers ("X har beretts tillfälle att yttra sig …", "X welcomes the opportunity …");
   "X" is the organisation when the letterhead does not say it.
3. **Signature**, from the closing ("Med vänlig hälsning", "Yours sincerely", a place and
   date line such as "Stockholm den 15 december 2017", "Beslut i detta ärende har fattats
   av …") to the end: the signatory (a person: stored, never published without consent)
   and the date when the letterhead had none.
4. **Body**: split at headings (a heading style, a bold or larger short line, or a line
   such as "Allmänna synpunkter", "Avsnitt 3.2 Utbildning", "3.2 Title", "Section 3.2");
   the paragraphs under one heading make one comment. Numbered paragraphs ("1. We …",
   a Word list number) are one comment each. A letter with neither gives one comment per
   paragraph.

Each comment takes the place its heading names, else the first place its text names:
"Avsnitt 3.2", "avsnitt 3.2.1", "Section 3.2", "kapitel 5", "3.2 Title", "punkt 4.1",
"§ 3.2", "bilaga A"/"Annex A" (into ``section``), "s. 14"/"page 14" (into ``page``),
"Tabell 1"/"Table 1" (into ``table_ref``). A heading that names no place but is a title
("Utbildning") is passed as the section, so :class:`~guidefeedback.locate.Locator`
matches it to a draft heading of that title; "Allmänna synpunkter"/"General comments" is
a general comment. Sentences that propose a change ("Vi föreslår att …", "We propose …",
"… should be replaced by …") are copied into ``proposed``; the text keeps them too.

Longer than our usual ~500 lines because the letter rules (letterhead, preamble, headings, places, proposals, signature) are shared by every letter format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Comment, CommentKind, CommentType, Problem
from ..nlp import detect_language
from .tables import Metadata, read_metadata


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of a letter as its file presents it.

    ``heading`` is what the file says (a heading style, the whole line bold, a larger
    font); ``numbered`` marks a list number the file applied (Word/ODF numbering), whose
    digits are then not in ``text``. ``page`` is the page of a PDF the block is on.
    """

    text: str
    where: str
    page: int | None = None
    heading: bool = False
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class Letter:
    """What a letter gave: its comments and the details from letterhead and signature."""

    comments: tuple[Comment, ...]
    organisation: str | None = None
    signatory: str | None = None
    date: str | None = None
    reference: str | None = None
    subject: str | None = None
    split: str = "paragraphs"
    metadata: Metadata = field(default_factory=Metadata)
    problems: tuple[Problem, ...] = ()


_MONTHS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "feb": 2,
    "mars": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "augusti": 8,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I
)

_REFERENCE = re.compile(
    r"(?:^|\s|\()(?:dnr|diarienr|diarienummer|vår beteckning|vår ref(?:erens)?|vårt dnr"
    r"|our ref(?:erence)?|ref(?:erence)? no|reference number|reference|ref)\s*[.:]?\s*"
    r"(?P<ref>[A-Za-zÅÄÖåäö]{0,12}[\s/-]?\d[\w./:-]*(?:\s\d[\w./:-]*)?)",
    re.IGNORECASE,
)
_THEIR_REFERENCE = re.compile(
    r"\b(?:er beteckning|er ref(?:erens)?|ert dnr|your ref(?:erence)?)\b", re.IGNORECASE
)
_SUBJECT = re.compile(
    r"^(?:yttrande\b|remissvar\b|remissyttrande\b|svar på remiss|angående\b|ärende\s*:"
    r"|re\s*:|subject\s*:|position paper\b|response to\b|consultation response\b"
    r"|comments on (?:the )?(?:draft|consultation|guidance)\b|synpunkter på (?:remiss|förslag)"
    r"|remiss(?:en)?\s*:)",
    re.IGNORECASE,
)
_PREAMBLE = re.compile(
    r"beretts tillfälle|getts (?:möjlighet|tillfälle)|fått (?:möjlighet|tillfälle)|"
    r"inbjudits att|lämnar (?:härmed )?följande (?:synpunkter|yttrande)|"
    r"har följande synpunkter|welcomes? the opportunity|opportunity to (?:comment|respond)|"
    r"thank you for (?:the|your) (?:opportunity|invitation)|is pleased to (?:submit|respond)|"
    r"submits? the following|invited to comment|following comments",
    re.IGNORECASE,
)
_PREAMBLE_ORG = re.compile(
    r"^(?P<org>[^.,]{2,120}?)\s+(?:har beretts|har getts|har fått|har inbjudits|lämnar härmed"
    r"|welcomes|thanks|is grateful|appreciates|is pleased|has been invited|would like to thank)\b",
)
_GREETING = re.compile(
    r"^(?:hej|hejsan|god dag|till\s+\w+|dear\b|hello|hi)\b[^.]{0,80}[,!:]?$", re.IGNORECASE
)
_CLOSING = re.compile(
    r"^(?:med vänlig hälsning|med vänliga hälsningar|vänliga hälsningar|vänlig hälsning|"
    r"hälsningar|mvh|bästa hälsningar|yours sincerely|yours faithfully|sincerely|"
    r"kind regards|best regards|regards|with best regards|best wishes|respectfully)\b",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(
    rf"^[A-ZÅÄÖ][\wåäö-]+(?:\s[A-ZÅÄÖ][\wåäö-]+)?,?\s+(?:den\s+)?"
    rf"(?:\d{{1,2}}\s+(?:{_MONTH})\s+\d{{4}}|\d{{4}}-\d\d-\d\d|(?:{_MONTH})\s+\d{{1,2}},?\s+\d{{4}})\.?$",
    re.IGNORECASE,
)
_DECISION = re.compile(
    r"^(?:beslut i (?:detta|ärendet)|i den slutliga handläggningen|i handläggningen har|"
    r"föredragande|detta yttrande har beslutats|yttrandet har beslutats|för\s+\S+.*\bkommun|"
    r"on behalf of\b|for and on behalf of\b|this (?:response|letter) was (?:approved|decided))",
    re.IGNORECASE,
)
_DECIDED_BY = re.compile(
    r"\b(?:fattats av|beslutats av|approved by|signed by)\s+(?P<who>.+)$", re.I
)
_NAME = re.compile(
    r"[A-ZÅÄÖÉ][a-zåäöéüæø]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"
    r"(?:\s+(?:[A-ZÅÄÖÉ]\.|[A-ZÅÄÖÉ][a-zåäöéüæø]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?)){1,3}"
)
# Words that make a line an organisation or a title, not a person's name.
_NOT_A_NAME = re.compile(
    r"\b(?:kommun|region|landsting|myndighet|verket|styrelsen|inspektionen|departement|"
    r"förbund|förening|universitet|högskola|institut|rådet|nämnd|ab|agency|ministry|"
    r"department|council|association|federation|institute|network|authority|board|office|"
    r"university|county|city|town|trust|ltd|inc|generaldirektör|direktör|ordförande|chef|"
    r"handläggare|utredare|director|head|chair|officer|adviser|advisor|general|manager)\b",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"\b\d{3}\s?\d{2}\b|\bbox\s+\d|gatan\b|vägen\b|gränd\b|torget\b|\bstreet\b|\broad\b|"
    r"\bavenue\b|\bpostadress|\bbesöksadress|\bp\.?o\.? box|@|https?://|www\.|"
    r"\btel(?:efon)?\b|\bphone\b|\+\d{2}|\borg(?:anisations)?\.?\s?nr\b",
    re.IGNORECASE,
)
_RECIPIENT = re.compile(
    r"^(?:till\b|to\b|attn\b|regeringskansliet\b|.*departementet\b)", re.IGNORECASE
)

_GENERAL_HEADINGS = re.compile(
    r"^(?:\d{1,2}[.)]?\s+)?(?:allmänna synpunkter|allmänt|övergripande synpunkter|generella"
    r" synpunkter|sammanfattande synpunkter|general comments?|general remarks|overall comments?"
    r"|general observations|summary of (?:our )?(?:views|position)|sammanfattning|summary)\b",
    re.IGNORECASE,
)
# Headings of a letter's own structure: they hold comments but name no place.
_GENERIC_HEADINGS = re.compile(
    r"^(?:\d{1,2}[.)]?\s+)?(?:specifika synpunkter|detaljerade synpunkter|synpunkter|"
    r"övriga synpunkter|övrigt|inledning|bakgrund|specific comments?|detailed comments?|"
    r"comments|other comments?|other issues|introduction|background|conclusions?|slutsatser?"
    r"|avslutande synpunkter|final remarks)\s*:?$",
    re.IGNORECASE,
)
_PLACE_HEADING = re.compile(
    r"^(?:synpunkter på|kommentarer till|om|angående|comments? on|on|re)?\s*"
    r"(?:avsnitt|avsn\.|kapitel|kap\.|section|chapter|punkt|bilaga|annex|appendix|§)\s*"
    r"[0-9A-Z]",
    re.IGNORECASE,
)
_DOTTED_START = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?\s+\S")
_NUMBERED = re.compile(r"^(?:\(?(\d{1,3})[.)]|(\d{1,3})\s*[-–]\s)\s+(?=\S)")
_SECTION_IN_TEXT = re.compile(
    r"(?<![\w.])(?P<place>(?:avsnitt(?:en|et)?|avsn\.|kapitel(?:et|n)?|kap\.|sections?|sect\.|"
    r"chapters?|ch\.|punkt(?:en|erna)?|paragraph|clause|§)\s*"
    r"(?:\d{1,3}(?:\.\d{1,3})*(?![\d.]\d)|[A-Z](?:\.\d{1,3})*(?![\w])))",
    re.IGNORECASE,
)
_ANNEX_IN_TEXT = re.compile(
    r"(?<![\w.])(?P<place>(?:bilaga|bilagan|annex|appendix)\s+(?:[A-Z]|\d{1,2})(?![\w]))",
    re.IGNORECASE,
)
_PAGE_IN_TEXT = re.compile(
    r"(?<![\w])(?:s\.|sid\.|sidan|sida|page|pages|pp?\.)\s*(?P<page>\d{1,4})\b", re.IGNORECASE
)
_TABLE_IN_TEXT = re.compile(
    r"(?<![\w])(?P<table>(?:tabell(?:en)?|table)\s+(?:\d{1,3}|[A-Z](?:\.\d{1,2})?)(?![\w]))",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'”«(\[]?[A-ZÅÄÖÉ0-9])")
_PROPOSAL = re.compile(
    r"\b(?:vi föreslår|föreslår vi|föreslår därför|förslagsvis|vi förordar|vi rekommenderar|"
    r"bör ersättas (?:med|av)|bör ändras till|bör lyda|ska ersättas med|bör kompletteras med|"
    r"we propose|we suggest|we recommend|we would suggest|propose that|suggest that|"
    r"should be replaced (?:by|with)|should be changed to|should read|should be amended to|"
    r"should be reworded)\b",
    re.IGNORECASE,
)


def iso_date(text: str) -> str | None:
    """The first date in ``text`` as YYYY-MM-DD: ISO, "15 december 2017", "December 15, 2017"."""
    found: list[tuple[int, str]] = []
    m = _ISO_DATE.search(text)
    if m:
        found.append((m.start(), m.group(0)))
    m2 = _DAY_MONTH_YEAR.search(text)
    if m2:
        day, month, year = int(m2.group(1)), _MONTHS[m2.group(2).casefold()], int(m2.group(3))
        if 1 <= day <= 31:
            found.append((m2.start(), f"{year:04d}-{month:02d}-{day:02d}"))
    m3 = _MONTH_DAY_YEAR.search(text)
    if m3:
        month, day, year = _MONTHS[m3.group(1).casefold()], int(m3.group(2)), int(m3.group(3))
        if 1 <= day <= 31:
            found.append((m3.start(), f"{year:04d}-{month:02d}-{day:02d}"))
    return min(found)[1] if found else None


def reference_in(text: str) -> str | None:
    """The body's own reference number in a letterhead line ("Dnr KS 2017/456")."""
    if _THEIR_REFERENCE.search(text) and not re.search(
        r"\b(?:vår|vårt|our)\b", text, re.IGNORECASE
    ):
        return None
    m = _REFERENCE.search(text)
    if m is None:
        return None
    ref = m.group("ref").strip(" .,;)")
    return ref if any(ch.isdigit() for ch in ref) else None


@dataclass(frozen=True, slots=True)
class Place:
    section: str | None = None
    page: str | None = None
    table: str | None = None

    def __bool__(self) -> bool:
        return bool(self.section or self.page or self.table)


def place_in(text: str) -> Place:
    """The first place ``text`` names: a section or annex, a page, a table."""
    head = text.lstrip()
    section: str | None = None
    dotted = _DOTTED_START.match(head)
    if dotted:
        section = dotted.group(1)
    else:
        hits = [m for m in (_SECTION_IN_TEXT.search(text), _ANNEX_IN_TEXT.search(text)) if m]
        if hits:
            first = min(hits, key=lambda m: m.start())
            section = " ".join(first.group("place").split())
    page = _PAGE_IN_TEXT.search(text)
    table = _TABLE_IN_TEXT.search(text)
    return Place(
        section,
        page.group("page") if page else None,
        " ".join(table.group("table").split()) if table else None,
    )


def _words(text: str) -> int:
    return len(text.split())


def _is_prose(text: str) -> bool:
    return _words(text) >= 12 or (text.rstrip().endswith((".", "?", "!")) and _words(text) >= 6)


def is_heading(block: Block) -> bool:
    """A heading of the letter: the file says so, or its words do, and it is short."""
    text = block.text.strip()
    if not text or len(text) > 160 or _words(text) > 16:
        return False
    ends_sentence = text.endswith((".", "?", "!", ";", ",")) and not re.search(
        r"\b\d+(?:\.\d+)*\.$", text
    )
    if block.heading and not ends_sentence:
        return True
    if ends_sentence:
        return False
    if _GENERAL_HEADINGS.match(text) or _GENERIC_HEADINGS.match(text):
        return _words(text) <= 8
    if _PLACE_HEADING.match(text) and _words(text) <= 12:
        return True
    return bool(_DOTTED_START.match(text)) and _words(text) <= 12


def _numbered(block: Block) -> bool:
    text = block.text.strip()
    if _DOTTED_START.match(text):
        return False
    return (block.numbered or _NUMBERED.match(text) is not None) and _is_prose(text)


def _letterhead_end(blocks: Sequence[Block]) -> tuple[int, str | None]:
    """Index of the first block after the letterhead, and the subject line if found."""
    for i, block in enumerate(blocks[:25]):
        text = block.text.strip()
        if _SUBJECT.match(text) and _words(text) <= 30:
            return i + 1, text
        if _PREAMBLE.search(text) or _is_prose(text) or (i and is_heading(block)):
            return i, None
    return 0, None


def _signature_start(blocks: Sequence[Block], earliest: int) -> int:
    """Where the signature begins (``len(blocks)`` when there is none)."""
    n = len(blocks)
    for i in range(max(earliest, 0), n):
        text = blocks[i].text.strip()
        trigger = bool(
            (_CLOSING.match(text) and _words(text) <= 6)
            or _PLACE_DATE.match(text)
            or _DECISION.match(text)
        )
        if not trigger:
            continue
        rest = blocks[i + 1 :]
        if all(
            _words(b.text) <= 14 or _DECISION.match(b.text.strip()) or _DECIDED_BY.search(b.text)
            for b in rest
        ):
            return i
    return n


def _person(text: str) -> str | None:
    """A person's name in a signature line ("Anna Svensson", "Per-Olof Berg")."""
    text = text.strip().strip(".,")
    if _NOT_A_NAME.search(text) and not _DECIDED_BY.search(text):
        return None
    m = _NAME.fullmatch(text)
    return m.group(0) if m else None


def _signatory(lines: Sequence[str]) -> str | None:
    for line in lines:
        decided = _DECIDED_BY.search(line)
        if decided:
            # "… fattats av generaldirektör Anna Svensson efter föredragning av …"
            who = re.split(r"\b(?:efter|i närvaro|after|in the presence)\b", decided.group("who"))[
                0
            ]
            for m in _NAME.finditer(who):
                name = m.group(0)
                if not _NOT_A_NAME.search(name):
                    return name
    after_closing = False
    for line in lines:
        text = line.strip()
        if _CLOSING.match(text) or _PLACE_DATE.match(text):
            after_closing = True
            continue
        if after_closing:
            person = _person(text)
            if person:
                return person
    return None


def _organisation(head: Sequence[str], preamble: Sequence[str], sender: str | None) -> str | None:
    named: str | None = None
    for text in preamble:
        m = _PREAMBLE_ORG.match(text.strip())
        if m:
            named = m.group("org").strip()
            named = re.sub(r"^(?:the)\s+", "", named, flags=re.IGNORECASE)
            break
    candidates = [
        line.strip()
        for line in head
        if line.strip()
        and not _ADDRESS.search(line)
        and iso_date(line) is None
        and reference_in(line) is None
        and not _SUBJECT.match(line.strip())
        and not _RECIPIENT.match(line.strip())
        and not _THEIR_REFERENCE.search(line)
        and not _GREETING.match(line.strip())  # "Hej," opens an e-mail; it is no body
        and _words(line) <= 10
        and not re.fullmatch(r"[\d\s()/.-]+", line.strip())
    ]
    if named:
        for line in candidates:
            if line.casefold().removeprefix("the ") == named.casefold():
                return line
        return named
    if candidates:
        return candidates[0]
    return sender


def _proposals(text: str) -> str | None:
    found = [
        s.strip()
        for para in text.split("\n\n")
        for s in _SENTENCE.split(para)
        if _PROPOSAL.search(s)
    ]
    return " ".join(found) or None


def _comment(
    position: int,
    where: str,
    heading: str | None,
    paragraphs: Sequence[str],
    default_language: str,
) -> Comment:
    text = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    section: str | None = None
    ctype: CommentType | None = None
    place = Place()
    if heading is not None:
        if _GENERAL_HEADINGS.match(heading):
            # On the draft as a whole: no section (a literal "General" would be printed as
            # a place); the heading as written stays in ``extra["heading"]``.
            ctype = CommentType.GENERAL
        else:
            place = place_in(heading)
            chapter = re.match(r"^(\d{1,2})\s+[A-ZÅÄÖ]", heading)
            if not place.section and chapter:
                # "5 Funding": a chapter number (with a dot, "5." numbers the letter).
                place = Place(chapter.group(1), place.page, place.table)
            if not place.section and not _GENERIC_HEADINGS.match(heading):
                # A title ("Utbildning"): the locator matches it to a draft heading.
                section = re.sub(r"^\d{1,2}[.)]\s+", "", heading).strip(" :")
    if ctype is None:
        # The heading's place first; what the text names fills the rest (a section only
        # when the heading gave none).
        from_text = place_in(text)
        place = Place(
            place.section or (None if section else from_text.section),
            place.page or from_text.page,
            place.table or from_text.table,
        )
    return Comment(
        position=position,
        source=where,
        text=text,
        kind=CommentKind.LETTER_PART,
        type=ctype,
        section=section or place.section,
        page=place.page,
        table_ref=place.table,
        proposed=_proposals(text),
        language=detect_language(text, fallback=default_language),
        extra={"heading": heading} if heading else {},
    )


def _where(block: Block, heading: str | None) -> str:
    page = f", page {block.page}" if block.page is not None else ""
    if heading is not None:
        short = heading if len(heading) <= 60 else heading[:57] + "…"
        return f'under "{short}"{page}'
    return (
        f"{block.where}{page}"
        if block.page is not None and "page" not in block.where
        else (block.where)
    )


def read_letter(
    blocks: Iterable[Block],
    *,
    default_language: str = "en",
    sender: str | None = None,
) -> Letter:
    """Split a letter's blocks into comments; read letterhead, preamble and signature.

    ``sender`` is an organisation known from elsewhere (an e-mail's domain), used when
    the letter itself names none.
    """
    items = [b for b in blocks if b.text.strip()]
    items = [Block(" ".join(b.text.split()), b.where, b.page, b.heading, b.numbered) for b in items]
    start, subject = _letterhead_end(items)
    head = [b.text for b in items[:start]]
    body_start = start
    preamble: list[str] = []
    # Greetings and preamble paragraphs before the first heading or numbered paragraph.
    while body_start < len(items):
        b = items[body_start]
        if is_heading(b) or _numbered(b):
            break
        if _GREETING.match(b.text) or (_PREAMBLE.search(b.text) and _words(b.text) <= 80):
            preamble.append(b.text)
            body_start += 1
            continue
        break
    first_heading = next(
        (i for i in range(body_start, len(items)) if is_heading(items[i])), len(items)
    )
    # The signature comes after the first paragraph under the first heading (a closing
    # formula cannot open the body); without headings, anywhere after the preamble.
    earliest = first_heading + 1 if first_heading < len(items) else body_start
    sig = _signature_start(items, earliest)
    signature = [b.text for b in items[sig:]]
    body = items[body_start:sig]

    meta = read_metadata([*head, *preamble, *signature])
    comments: list[Comment] = []
    headings = [b for b in body if is_heading(b)]
    numbered = [b for b in body if _numbered(b)]
    split = "headings" if headings else "numbered paragraphs" if numbered else "paragraphs"
    if headings or numbered:
        heading: str | None = None
        group: list[Block] = []

        def flush() -> None:
            if group:
                comments.append(
                    _comment(
                        len(comments) + 1,
                        _where(group[0], heading),
                        heading,
                        [g.text for g in group],
                        default_language,
                    )
                )
                group.clear()

        for b in body:
            if is_heading(b):
                flush()
                heading = b.text.strip()
            elif _numbered(b):
                # A numbered point is a comment of its own, with the unnumbered
                # paragraphs that follow it.
                flush()
                group.append(b)
            else:
                group.append(b)
        flush()
    else:
        parts: list[list[Block]] = []
        for b in body:
            if b.where.startswith("table") and parts:
                parts[-1].append(b)  # a table's rows belong to the paragraph before it
            else:
                parts.append([b])
        for part in parts:
            comments.append(
                _comment(
                    len(comments) + 1,
                    _where(part[0], None),
                    None,
                    [b.text for b in part],
                    default_language,
                )
            )

    problems: list[Problem] = []
    date = meta.date and (iso_date(meta.date) or meta.date)
    if date is None:
        date = next((d for d in map(iso_date, head) if d), None) or next(
            (d for d in map(iso_date, signature) if d), None
        )
    reference = next((r for r in map(reference_in, head) if r), None) or next(
        (r for r in map(reference_in, signature) if r), None
    )
    organisation = meta.organisation or _organisation(head, preamble, sender)
    return Letter(
        comments=tuple(comments),
        organisation=organisation,
        signatory=_signatory(signature),
        date=date,
        reference=reference,
        subject=subject,
        split=split,
        metadata=meta,
        problems=tuple(problems),
    )


def text_blocks(text: str, *, where: str = "paragraph") -> list[Block]:
    """Plain text → blocks: a blank line ends a paragraph, and so does a line that stops
    well short of the width the text is wrapped at (a letterhead line, a heading, a
    paragraph's last line). E-mail and text editors wrap long paragraphs; those lines
    are joined again."""
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(Block(" ".join(current), f"{where} {len(blocks) + 1}"))
            current.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if current and (len(current[-1]) < _WRAPPED or _NUMBERED.match(stripped)):
            flush()
        current.append(stripped)
    flush()
    return blocks


_WRAPPED = 50
"""A line at least this long may continue on the next line (e-mail wraps at 72–78)."""
