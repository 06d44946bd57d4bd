"""One body, one identity: organisation names compared as people mean them.

Submitters type the same body in many ways: "Åre kommun" composed (NFC) or decomposed
(NFD, as macOS file names and some web forms send it), with a zero-width space or a
right-to-left override pasted in from a web page, "ÅRE KOMMUN", "Åre  kommun". These are
one body. The names are kept exactly as written in the database (nothing imported is
changed); everything that counts or groups bodies compares their **key**:

1. Unicode NFC, so composed and decomposed letters are one;
2. invisible and bidirectional control characters removed (Unicode category ``Cf``:
   zero-width space and joiners, the byte-order mark, soft hyphen, LRM/RLM, the
   embedding/override/isolate controls U+202A–U+202E and U+2066–U+2069), and other
   control characters;
3. case folding (``str.casefold``: "STRASSE" and "Straße" meet);
4. whitespace (including no-break spaces) squeezed to one space and trimmed.

The **display name** of a body is its alias target when the editors said so
(``[organisations]`` in guidefeedback.toml, ``guidefeedback orgs merge``), else the first
spelling seen, cleaned by steps 1, 2 and 4 only: a right-to-left override must never
reach a published document, where it would reverse the text after it.

Names that are different keys but probably one body are only *suggested*
(:func:`likely_duplicates`): the same name once punctuation and words such as "the" are
ignored, the same e-mail domain, or one name the acronym of the other ("SKR" and
"Sveriges Kommuner och Regioner"). A person decides, with ``orgs merge``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "Identity",
    "MergeResult",
    "OrgAlias",
    "OrgBody",
    "OrgDuplicate",
    "OrgUse",
    "clean_name",
    "group_bodies",
    "likely_duplicates",
    "org_key",
    "visible",
]

_SPACE = re.compile(r"\s+", re.UNICODE)
# Words that do not tell two bodies apart, in English and Swedish.
_SMALL_WORDS = frozenset(
    {"the", "of", "for", "and", "a", "an", "in", "on", "och", "för", "i", "av", "på", "&"}
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ACRONYM = re.compile(r"^[^\W\d_]{2,8}$", re.UNICODE)
# Mail services that many unrelated people share: the same domain says nothing.
_PUBLIC_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.se",
        "outlook.com",
        "live.com",
        "live.se",
        "yahoo.com",
        "yahoo.se",
        "icloud.com",
        "me.com",
        "msn.com",
        "telia.com",
        "protonmail.com",
        "proton.me",
        "aol.com",
        "gmx.com",
        "gmx.de",
        "web.de",
    }
)


def _visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    # Cf: format characters (zero-width, bidi controls, BOM, soft hyphen); Cc: control
    # characters other than whitespace, which _SPACE turns into spaces.
    return category != "Cf" and (category != "Cc" or ch.isspace())


# Names repeat on every comment of a submission (100 000 comments, 2 000 bodies): the
# two pure functions below are remembered per distinct name.
@lru_cache(maxsize=65536)
def clean_name(name: str) -> str:
    """NFC, invisible and bidirectional controls removed, whitespace squeezed: the name
    as it may be shown. Case is kept."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch for ch in text if _visible(ch))
    return _SPACE.sub(" ", text).strip()


def visible(name: str) -> str:
    """``name`` quoted, with invisible, control and combining characters as ``\\uXXXX``:
    two spellings that look alike on screen ("Åre" composed and decomposed) are told
    apart in ``orgs list``."""
    out = []
    for ch in name:
        category = unicodedata.category(ch)
        if category in ("Cf", "Cc", "Mn", "Zl", "Zp") or (category == "Zs" and ch != " "):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


@lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """The comparison key of an organisation name (see the module docstring)."""
    # casefold can produce decomposable sequences again; NFC after it keeps keys stable.
    return unicodedata.normalize("NFC", clean_name(name).casefold())


@dataclass(frozen=True, slots=True)
class OrgAlias:
    """One stored alias: the key of a name and the name shown for its body."""

    key: str
    name: str
    source: str
    """``config`` (from guidefeedback.toml, replaced on every ``run``) or ``merge``."""


@dataclass(frozen=True, slots=True)
class OrgUse:
    """One spelling of a name as the store holds it, and how much it is used."""

    name: str
    submissions: int
    comments: int
    emails: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OrgBody:
    """One body: its display name, every spelling that belongs to it, and its counts."""

    name: str
    key: str
    spellings: tuple[str, ...]
    submissions: int
    comments: int
    emails: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OrgDuplicate:
    """Two bodies that are probably one, and why we think so."""

    first: str
    second: str
    reason: str


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What ``orgs merge`` did."""

    into: str
    merged: tuple[str, ...]
    superseded: tuple[tuple[int, int], ...]
    """``(old submission id, newer submission id)`` pairs that are now one body's."""
    clusters_updated: int


@dataclass(slots=True)
class Identity:
    """Resolves a name to its body: aliases first, then the key's first spelling."""

    aliases: Mapping[str, str] = field(default_factory=dict)
    spellings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, aliases: Mapping[str, str], names: Iterable[str]) -> Identity:
        """``names`` in the order they arrived: the first spelling of a key is shown."""
        identity = cls(dict(aliases), {})
        for name in names:
            if name:
                identity.spellings.setdefault(org_key(name), clean_name(name))
        return identity

    def display(self, name: str) -> str:
        """The name to show for ``name``'s body."""
        key = org_key(name)
        target = self.aliases.get(key)
        if target is not None:
            return clean_name(target)
        return self.spellings.get(key) or clean_name(name)

    def key(self, name: str) -> str:
        """The key of ``name``'s body (two names of one body have the same key)."""
        return org_key(self.display(name))

    def bodies(self, names: Iterable[str]) -> tuple[str, ...]:
        """Display names of the distinct bodies among ``names``, in first-seen order."""
        out: dict[str, str] = {}
        for name in names:
            if name:
                out.setdefault(self.key(name), self.display(name))
        return tuple(out.values())


def group_bodies(identity: Identity, uses: Sequence[OrgUse]) -> list[OrgBody]:
    """The spellings in ``uses`` grouped by body, largest first."""
    groups: dict[str, list[OrgUse]] = {}
    for use in uses:
        groups.setdefault(identity.key(use.name), []).append(use)
    bodies = [
        OrgBody(
            name=identity.display(members[0].name),
            key=key,
            spellings=tuple(dict.fromkeys(m.name for m in members)),
            submissions=sum(m.submissions for m in members),
            comments=sum(m.comments for m in members),
            emails=tuple(dict.fromkeys(e for m in members for e in m.emails)),
        )
        for key, members in groups.items()
    ]
    bodies.sort(key=lambda b: (-b.submissions, -b.comments, b.key))
    return bodies


def _loose(name: str) -> str:
    words = [w for w in _WORD.findall(org_key(name)) if w not in _SMALL_WORDS]
    return " ".join(words)


def _initials(name: str) -> set[str]:
    words = _WORD.findall(org_key(name))
    every = "".join(w[0] for w in words)
    content = "".join(w[0] for w in words if w not in _SMALL_WORDS)
    return {x for x in (every, content) if len(x) >= 2}


def is_acronym(short: str, long: str) -> bool:
    """Whether ``short`` ("SKR", "uhm") abbreviates ``long``.

    Word initials ("Sveriges Kommuner och Regioner" → SKR, with or without the small
    words), or for a one-word compound the letters in order starting with its first
    ("Upphandlingsmyndigheten" → UHM), which Swedish agency acronyms often are.
    """
    s = clean_name(short)
    if not _ACRONYM.match(s) or len(clean_name(long)) <= len(s) + 2:
        return False
    key = s.casefold()
    if key in _initials(long):
        return True
    words = _WORD.findall(org_key(long))
    if len(words) == 1 and words[0].startswith(key[0]) and len(words[0]) >= 3 * len(key):
        rest = iter(words[0][1:])
        return all(ch in rest for ch in key[1:])
    return False


def _domain(email: str) -> str | None:
    _, at, domain = email.strip().rpartition("@")
    domain = domain.strip(" >.").casefold()
    return domain if at and "." in domain and domain not in _PUBLIC_MAIL else None


def likely_duplicates(bodies: Sequence[OrgBody]) -> list[OrgDuplicate]:
    """Pairs of bodies that are probably one (for a person to merge or not)."""
    found: dict[tuple[str, str], list[str]] = {}

    def note(a: OrgBody, b: OrgBody, reason: str) -> None:
        pair = (a.name, b.name) if a.key <= b.key else (b.name, a.name)
        reasons = found.setdefault(pair, [])
        if reason not in reasons:
            reasons.append(reason)

    loose: dict[str, list[OrgBody]] = {}
    domains: dict[str, list[OrgBody]] = {}
    for body in bodies:
        for spelling in body.spellings:
            loose.setdefault(_loose(spelling), []).append(body)
        for email in body.emails:
            domain = _domain(email)
            if domain:
                domains.setdefault(domain, []).append(body)
    for group in loose.values():
        distinct = list({b.key: b for b in group}.values())
        for i, a in enumerate(distinct):
            for b in distinct[i + 1 :]:
                note(a, b, "the same name apart from punctuation and small words")
    for domain, group in domains.items():
        distinct = list({b.key: b for b in group}.values())
        for i, a in enumerate(distinct):
            for b in distinct[i + 1 :]:
                note(a, b, f"the same e-mail domain ({domain})")
    short = [b for b in bodies if any(_ACRONYM.match(clean_name(s)) for s in b.spellings)]
    for a in short:
        for b in bodies:
            if a.key == b.key:
                continue
            if any(is_acronym(s, t) for s in a.spellings for t in b.spellings):
                note(a, b, f"{a.name} may be an acronym of {b.name}")
    return [OrgDuplicate(a, b, "; ".join(r)) for (a, b), r in sorted(found.items())]
