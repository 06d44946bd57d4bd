"""Strict Open XML documents read like transitional ones: map the namespaces first.

Word's "Strict Open XML Document" save format (ISO/IEC 29500 Strict) names the same elements
and relationships under ``http://purl.oclc.org/ooxml/…`` instead of
``http://schemas.openxmlformats.org/…/2006/…``. python-docx only knows the transitional
names and refuses such a file ("no relationship of type …officeDocument"). The elements
the text walker reads are the same in both, so :func:`transitional_package` rewrites the
namespace and relationship-type URIs of every XML part of the (already checked) package in
memory, and the result is opened as usual. Nothing else changes: text, styles and
numbering are identical between the two formats.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

_STRICT = b"http://purl.oclc.org/ooxml/"
_TRANSITIONAL = b"http://schemas.openxmlformats.org/"

# Strict URI (after the common prefix) → transitional URI (after its prefix). Specific
# names first: the regular pattern "x/y" → "x/2006/y" covers the rest.
_SPECIAL = {
    b"officeDocument/relationships/extendedProperties": (
        b"officeDocument/2006/relationships/extended-properties"
    ),
    b"officeDocument/relationships/customProperties": (
        b"officeDocument/2006/relationships/custom-properties"
    ),
    b"officeDocument/extendedProperties": b"officeDocument/2006/extended-properties",
    b"officeDocument/customProperties": b"officeDocument/2006/custom-properties",
}
_URI = re.compile(rb"http://purl\.oclc\.org/ooxml/([A-Za-z]+)/([A-Za-z]+)((?:/[A-Za-z]+)?)")


def _replace(match: re.Match[bytes]) -> bytes:
    whole = match.group(0)[len(_STRICT) :]
    special = _SPECIAL.get(whole)
    if special is not None:
        return _TRANSITIONAL + special
    area, name, rest = match.group(1), match.group(2), match.group(3)
    return _TRANSITIONAL + area + b"/2006/" + name + rest


def is_strict(zf: zipfile.ZipFile) -> bool:
    """Whether the package's root relationships use Strict names."""
    try:
        rels = zf.read("_rels/.rels")
    except KeyError:
        return False
    return _STRICT in rels


def to_transitional(data: bytes) -> bytes:
    """One XML part with Strict namespace and relationship URIs mapped to transitional."""
    return _URI.sub(_replace, data) if _STRICT in data else data


def transitional_package(path: Path) -> io.BytesIO:
    """The package at ``path`` rewritten in memory with transitional names.

    The caller has checked the package's size, members and compression ratio already
    (``safe_open``), so reading every member here is bounded.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith((".xml", ".rels")):
                data = to_transitional(data)
            dst.writestr(info.filename, data)
    out.seek(0)
    return out
