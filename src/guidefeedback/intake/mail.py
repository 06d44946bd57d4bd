"""E-mail (.eml): the body is a letter, each attachment in a format we read is part of it.

Parsed with the standard library's :mod:`email` package and ``policy.default``. Checks
before and while parsing, each a named limit (:class:`~guidefeedback.safe_open.Limits`):
the file size; the longest header, measured on the raw bytes before parsing
(``max_email_header_chars``); the number of MIME parts (``max_email_parts``) and how
deep messages are nested (``max_email_depth``), counted on the parsed tree before any
part is decoded; and an attachment's decoded size, estimated from its encoded length
before decoding (base64 decodes to 3/4 of its length), against ``max_file_bytes``.

The body (plain text, else HTML reduced to its text) goes through the letter reader.
Before that, what is not the sender's comment is dropped:

- quoted replies: lines starting with ">", and everything from "On … wrote:",
  "Den … skrev …:", "-----Original Message-----", or an Outlook header block
  ("Från: … Skickat: …", "From: … Sent: …");
- the signature separator "-- " and disclaimers ("This e-mail … confidential", "Detta
  e-postmeddelande … sekretess", "If you are not the intended recipient", "Tänk på
  miljön");
- a covering note when an attachment holds the letter: a short body (under 80 words)
  next to an attachment that gave comments only gives its details (signature, sender).

The sender's address is contact data (``Submission.email``, never published); the
display name is the contact person. Outlook .msg files are refused by
:mod:`guidefeedback.safe_open` with "save it as .eml": the maintained .msg readers
(extract-msg) are GPL-licensed, which an Apache-2.0 tool cannot depend on.
"""

from __future__ import annotations

import email
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage, Message
from email.policy import default
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from ..errors import RefusedFile
from ..safe_open import DEFAULT_LIMITS, Limits, read_text_bytes
from .letter import Block, text_blocks

_QUOTE_START = re.compile(
    r"^(?:on .{3,200} wrote:|den .{3,200} skrev .{0,200}:|.{0,200} skrev:$|-{2,}\s*original message\s*-{2,}"
    r"|-{2,}\s*ursprungligt meddelande\s*-{2,}|-{2,}\s*forwarded message\s*-{2,}"
    r"|-{2,}\s*vidarebefordrat meddelande\s*-{2,})",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"^(?:från|from|de|von)\s*:\s*\S", re.IGNORECASE)
_OUTLOOK_SENT = re.compile(r"^(?:skickat|sent|date|datum|envoyé|gesendet)\s*:\s*\S", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"(?:this (?:e-?mail|message|communication)\b.{0,200}\b(?:confidential|privileged|intended"
    r" (?:solely|only))|if you (?:are not|have received this)\b.{0,80}\b(?:intended recipient|in"
    r" error)|detta (?:e-?post(?:meddelande)?|meddelande)\b.{0,200}\b(?:sekretess|konfidentiell)"
    r"|om du (?:inte är|har fått)\b.{0,80}\b(?:rätt mottagare|av misstag)|tänk på miljön"
    r"|please consider the environment|när du skickar e-post till)",
    re.IGNORECASE | re.DOTALL,
)
_CONTENT_TYPE = re.compile(rb"^content-type[ \t]*:", re.IGNORECASE | re.MULTILINE)
_SIG_SEPARATOR = re.compile(r"^--\s?$")
_COVER_WORDS = 80

# Attachment types read as part of the submission, by MIME type or file name.
_READABLE = (".pdf", ".docx", ".odt", ".txt", ".ods", ".xlsx", ".csv", ".eml")


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class MailRead:
    blocks: tuple[Block, ...]
    cover_blocks: tuple[Block, ...]
    attachments: tuple[Attachment, ...]
    skipped: tuple[str, ...]
    sender_email: str | None
    sender_name: str | None
    date: str | None
    subject: str | None


def _check_headers(data: bytes, path: Path, limits: Limits) -> None:
    """The longest (unfolded) header of the top message, before the parser sees it."""
    end = min(
        (i for i in (data.find(b"\r\n\r\n"), data.find(b"\n\n")) if i >= 0), default=len(data)
    )
    longest = 0
    current = 0
    for line in data[:end].split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            current += len(line)
        else:
            current = len(line)
        longest = max(longest, current)
        if longest > limits.max_email_header_chars:
            raise RefusedFile(
                path,
                f"an e-mail header is longer than {limits.max_email_header_chars:,} characters"
                " (limit); a damaged or hostile message".replace(",", " "),
            )


def _count_parts(msg: Message, path: Path, limits: Limits) -> None:
    """Parts and nesting within the limits, counted without recursion or decoding."""
    stack: list[tuple[Message, int]] = [(msg, 0)]
    parts = 0
    while stack:
        part, depth = stack.pop()
        parts += 1
        if parts > limits.max_email_parts:
            raise RefusedFile(
                path, f"the e-mail has more than {limits.max_email_parts} parts (limit)"
            )
        if depth > limits.max_email_depth:
            raise RefusedFile(
                path,
                f"the e-mail nests messages more than {limits.max_email_depth} deep (limit)",
            )
        payload = part.get_payload()
        if isinstance(payload, list):
            nested = part.get_content_type() == "message/rfc822"
            stack.extend(
                (p, depth + 1 if nested else depth) for p in payload if isinstance(p, Message)
            )
        # header lines of inner parts count too
        for value in part.values():
            if len(str(value)) > limits.max_email_header_chars:
                raise RefusedFile(
                    path,
                    f"an e-mail header is longer than {limits.max_email_header_chars:,}"
                    " characters (limit); a damaged or hostile message".replace(",", " "),
                )


def _decoded_size_guess(part: Message) -> int:
    raw = part.get_payload(decode=False)
    length = len(raw) if isinstance(raw, str) else 0
    if str(part.get("Content-Transfer-Encoding", "")).strip().lower() == "base64":
        return length * 3 // 4
    return length


def _html_text(html: str) -> str:
    from lxml import html as lxml_html

    try:
        root: Any = lxml_html.document_fromstring(html)
    except Exception:  # lxml raises ParserError for empty or odd documents
        return re.sub(r"<[^>]+>", " ", html)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "tr"):
        block.tail = "\n\n" + (block.tail or "")
    for quote in list(root.iter("blockquote")):
        quote.drop_tree()  # a quoted earlier message
    return str(root.text_content())


def clean_body(text: str) -> tuple[str, str]:
    """(the sender's own text, the signature and disclaimers) of an e-mail body."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    tail: list[str] = []
    in_signature = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if _QUOTE_START.match(stripped):
            break
        if _OUTLOOK_FROM.match(stripped) and any(
            _OUTLOOK_SENT.match(x.strip()) for x in lines[i + 1 : i + 4]
        ):
            break
        if stripped.startswith(">"):
            continue
        if _SIG_SEPARATOR.match(line.rstrip("\r")) and not in_signature:
            in_signature = True
            continue
        (tail if in_signature else kept).append(line)
    body = "\n".join(kept)
    paragraphs = re.split(r"\n\s*\n", body)
    own = [p for p in paragraphs if not _DISCLAIMER.search(" ".join(p.split()))]
    tail_text = "\n".join(tail)
    tail_paras = [
        p for p in re.split(r"\n\s*\n", tail_text) if not _DISCLAIMER.search(" ".join(p.split()))
    ]
    return "\n\n".join(own).strip(), "\n\n".join(tail_paras).strip()


def _body_text(msg: EmailMessage) -> str:
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = body.get_content()
    text = content if isinstance(content, str) else ""
    return _html_text(text) if body.get_content_type() == "text/html" else text


def read_eml(
    path: Path,
    limits: Limits = DEFAULT_LIMITS,
    *,
    data: bytes | None = None,
    depth: int = 0,
) -> MailRead:
    """Parse an e-mail into body blocks, attachments and the sender's details."""
    raw = data if data is not None else read_text_bytes(path, limits)
    _check_headers(raw, path, limits)
    # Every MIME part has its own Content-Type header: counting them on the raw bytes
    # refuses a message of thousands of parts before the parser builds them all.
    if len(_CONTENT_TYPE.findall(raw)) > limits.max_email_parts:
        raise RefusedFile(path, f"the e-mail has more than {limits.max_email_parts} parts (limit)")
    try:
        msg = email.message_from_bytes(raw, policy=default)
    except Exception as exc:  # the parser is lenient; anything it raises is damage
        raise RefusedFile(path, f"not a readable e-mail ({exc})") from exc
    _count_parts(msg, path, limits)
    if not isinstance(msg, EmailMessage):  # pragma: no cover - policy.default gives these
        raise RefusedFile(path, "not a readable e-mail")
    try:
        text = _body_text(msg)
    except (LookupError, ValueError) as exc:
        raise RefusedFile(path, f"the e-mail's text cannot be decoded ({exc})") from exc
    own, signature = clean_body(text)

    attachments: list[Attachment] = []
    skipped: list[str] = []
    for part in msg.iter_attachments():
        name = part.get_filename() or ""
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = part.get_payload()
            payload = inner[0] if isinstance(inner, list) and inner else None
            if isinstance(payload, Message):
                attachments.append(Attachment(name or "forwarded message.eml", payload.as_bytes()))
            continue
        lower = name.casefold()
        readable = lower.endswith(_READABLE) or ctype in (
            "application/pdf",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        if not readable:
            skipped.append(f"{name or ctype} ({ctype}) is not a format we read")
            continue
        if _decoded_size_guess(part) > limits.max_file_bytes:
            raise RefusedFile(
                path,
                f"attachment {name or ctype} would decode to more than"
                f" {limits.max_file_bytes // (1024 * 1024)} MiB (limit)",
            )
        content = part.get_content()
        blob = content if isinstance(content, bytes) else str(content).encode("utf-8")
        attachments.append(Attachment(name or f"attachment{len(attachments) + 1}", blob))

    sender_email = sender_name = None
    pairs = getaddresses([str(msg.get("From", ""))])
    if pairs and pairs[0][1]:
        sender_name, sender_email = pairs[0][0] or None, pairs[0][1].lower()
    date = None
    if msg.get("Date"):
        try:
            date = parsedate_to_datetime(str(msg["Date"])).date().isoformat()
        except (TypeError, ValueError):
            date = None
    blocks = text_blocks(own, where="e-mail paragraph")
    sig_blocks = text_blocks(signature, where="e-mail signature")
    return MailRead(
        blocks=tuple(blocks),
        cover_blocks=tuple(sig_blocks),
        attachments=tuple(attachments),
        skipped=tuple(skipped),
        sender_email=sender_email,
        sender_name=sender_name,
        date=date,
        subject=str(msg.get("Subject", "")) or None,
    )


def is_cover_note(blocks: tuple[Block, ...]) -> bool:
    """A short body next to an attachment: "Bifogat finns vårt remissvar."."""
    return sum(len(b.text.split()) for b in blocks) < _COVER_WORDS


ReadAttachment = Callable[[Path], object]
