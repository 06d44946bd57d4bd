"""A Word package written as a stream: the reference document's parts plus our own body.

The consolidated document of a national consultation holds 100 000 comments; building it
as a python-docx (lxml) tree took 3.5 GB. Here ``word/document.xml`` is written to the zip
member piece by piece as it is produced (WordprocessingML as text, every value escaped), so
memory stays at the size of the Report. Everything else comes from the reference document
(``templates/reference.docx`` or the user's): styles, fonts, theme, numbering, page size.

We add what a finished document needs and the reference may lack: a header and a footer
part (title, version, date; "page X of Y"), the styles of the table of contents
(``TOC1``–``TOC3``), images, and fresh core properties (the reference's author, dates and
thumbnail are not carried over).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from ..atomic import atomic_output

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

ROOT_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>'
)
ROOT_CLOSE = "</w:body></w:document>"

HEADER_ID = "rIdGfHeader"
FOOTER_ID = "rIdGfFooter"

_TOC_STYLES = "".join(
    f'<w:style w:type="paragraph" w:styleId="TOC{n}"><w:name w:val="toc {n}"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
    f'<w:unhideWhenUsed/><w:pPr><w:spacing w:after="60"/><w:ind w:left="{(n - 1) * 240}"/>'
    "</w:pPr></w:style>"
    for n in (1, 2, 3)
)


@dataclass(frozen=True, slots=True)
class PageSetup:
    """Page size and margins in twips, from the reference document's last section."""

    width: int = 11906
    height: int = 16838
    top: int = 1134
    bottom: int = 1134
    left: int = 1134
    right: int = 1134
    header: int = 567
    footer: int = 567

    def oriented(self, landscape: bool) -> PageSetup:
        long, short = max(self.width, self.height), min(self.width, self.height)
        width, height = (long, short) if landscape else (short, long)
        return PageSetup(
            width,
            height,
            self.top,
            self.bottom,
            self.left,
            self.right,
            self.header,
            self.footer,
        )

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right

    def sect_pr(self, *, title_page: bool = False, header_footer: bool = True) -> str:
        refs = (
            f'<w:headerReference w:type="default" r:id="{HEADER_ID}"/>'
            f'<w:footerReference w:type="default" r:id="{FOOTER_ID}"/>'
            if header_footer
            else ""
        )
        orient = ' w:orient="landscape"' if self.width > self.height else ""
        return (
            f"<w:sectPr>{refs}"
            f'<w:pgSz w:w="{self.width}" w:h="{self.height}"{orient}/>'
            f'<w:pgMar w:top="{self.top}" w:right="{self.right}" w:bottom="{self.bottom}"'
            f' w:left="{self.left}" w:header="{self.header}" w:footer="{self.footer}"'
            ' w:gutter="0"/>' + ("<w:titlePg/>" if title_page else "") + "</w:sectPr>"
        )


def reference_path(reference: Path | None) -> Path:
    """The reference document, or python-docx's own default when there is none."""
    if reference is not None:
        return reference
    import docx

    return Path(docx.__file__).parent / "templates" / "default.docx"


def page_setup(document_xml: bytes) -> PageSetup:
    root = etree.fromstring(document_xml)
    sect = root.find(f".//{{{W_NS}}}body/{{{W_NS}}}sectPr")
    if sect is None:
        return PageSetup()
    values: dict[str, int] = {}
    size = sect.find(f"{{{W_NS}}}pgSz")
    margins = sect.find(f"{{{W_NS}}}pgMar")
    for element, names in ((size, ("w", "h")), (margins, ("top", "bottom", "left", "right"))):
        if element is None:
            continue
        for name in names:
            raw = element.get(f"{{{W_NS}}}{name}")
            if raw and raw.lstrip("-").isdigit():
                values[name] = abs(int(raw))
    for name in ("header", "footer"):
        raw = margins.get(f"{{{W_NS}}}{name}") if margins is not None else None
        if raw and raw.isdigit():
            values[name] = int(raw)
    default = PageSetup()
    return PageSetup(
        values.get("w", default.width),
        values.get("h", default.height),
        values.get("top", default.top),
        values.get("bottom", default.bottom),
        values.get("left", default.left),
        values.get("right", default.right),
        values.get("header", default.header),
        values.get("footer", default.footer),
    )


def _part_xml(tag: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:{tag} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{body}</w:{tag}>'
    )


def _core_xml(title: str, language: str) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>guidefeedback</dc:creator>"
        f"<dc:language>{escape(language)}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    )


class Package:
    """The static parts of a .docx, compressed once; :meth:`write` adds a body to a copy."""

    def __init__(
        self,
        reference: Path | None,
        *,
        title: str,
        language: str,
        header_xml: str = "",
        footer_xml: str = "",
        media: Mapping[str, bytes] | None = None,
        update_fields: bool = False,
    ) -> None:
        media = dict(media or {})
        self.media_ids = {name: f"rIdGfMedia{i}" for i, name in enumerate(media, start=1)}
        source = reference_path(reference)
        base = io.BytesIO()
        with (
            zipfile.ZipFile(source) as ref,
            zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as out,
        ):
            self.setup = page_setup(ref.read("word/document.xml"))
            for info in ref.infolist():
                name = info.filename
                if name in ("word/document.xml", "docProps/core.xml") or "thumbnail" in name:
                    continue
                data = ref.read(info)
                if name == "[Content_Types].xml":
                    data = self._content_types(data, media)
                elif name == "_rels/.rels":
                    data = self._package_rels(data)
                elif name == "word/_rels/document.xml.rels":
                    data = self._document_rels(data, media, header_xml, footer_xml)
                elif name == "word/styles.xml":
                    data = self._styles(data)
                elif name == "word/settings.xml" and update_fields:
                    data = self._settings(data)
                out.writestr(name, data)
            out.writestr("docProps/core.xml", _core_xml(title, language))
            if header_xml:
                out.writestr("word/header1.xml", _part_xml("hdr", header_xml))
            if footer_xml:
                out.writestr("word/footer1.xml", _part_xml("ftr", footer_xml))
            for name, data in media.items():
                out.writestr(f"word/media/{name}", data)
        self.base = base.getvalue()

    @staticmethod
    def _content_types(data: bytes, media: Mapping[str, bytes]) -> bytes:
        root = etree.fromstring(data)
        defaults = {d.get("Extension", "").lower() for d in root.findall(f"{{{CT_NS}}}Default")}
        for ext, kind in (("png", "image/png"),):
            if media and ext not in defaults:
                etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=ext, ContentType=kind)
        overrides = {o.get("PartName") for o in root.findall(f"{{{CT_NS}}}Override")}
        wanted = {
            "/word/header1.xml": "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.header+xml",
            "/word/footer1.xml": "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.footer+xml",
            "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        }
        for part, kind in wanted.items():
            if part not in overrides:
                etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=part, ContentType=kind)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    @staticmethod
    def _package_rels(data: bytes) -> bytes:
        root = etree.fromstring(data)
        for rel in list(root):
            if rel.get("Type", "").endswith("/thumbnail"):
                root.remove(rel)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _document_rels(
        self, data: bytes, media: Mapping[str, bytes], header: str, footer: str
    ) -> bytes:
        root = etree.fromstring(data)
        for rel in list(root):
            if rel.get("Type", "").rsplit("/", 1)[-1] in ("header", "footer", "image"):
                root.remove(rel)
        if header:
            etree.SubElement(
                root,
                f"{{{PKG_REL_NS}}}Relationship",
                Id=HEADER_ID,
                Type=REL_TYPE + "header",
                Target="header1.xml",
            )
        if footer:
            etree.SubElement(
                root,
                f"{{{PKG_REL_NS}}}Relationship",
                Id=FOOTER_ID,
                Type=REL_TYPE + "footer",
                Target="footer1.xml",
            )
        for name, rid in self.media_ids.items():
            etree.SubElement(
                root,
                f"{{{PKG_REL_NS}}}Relationship",
                Id=rid,
                Type=REL_TYPE + "image",
                Target=f"media/{name}",
            )
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    @staticmethod
    def _styles(data: bytes) -> bytes:
        text = data.decode("utf-8")
        if 'w:styleId="TOC1"' in text:
            return data
        end = text.rfind("</w:styles>")
        return (text[:end] + _TOC_STYLES + text[end:]).encode("utf-8") if end > 0 else data

    @staticmethod
    def _settings(data: bytes) -> bytes:
        root = etree.fromstring(data)
        update = root.find(f"{{{W_NS}}}updateFields")
        if update is None:
            update = etree.Element(f"{{{W_NS}}}updateFields")
            # Early in the sequence is where Word expects it; after zoom is safe.
            zoom = root.find(f"{{{W_NS}}}zoom")
            if zoom is not None:
                zoom.addnext(update)
            else:
                root.insert(0, update)
        update.set(f"{{{W_NS}}}val", "true")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def write(self, path: Path, body: Iterable[str]) -> None:
        """The package with ``body`` (chunks of ``w:body`` content, ending with the final
        ``w:sectPr``) as its document, written atomically and streamed."""
        with atomic_output(path) as tmp:
            tmp.write_bytes(self.base)
            with (
                # Level 1: a 100 000-comment document compresses three times faster and
                # only slightly larger than at the default level.
                zipfile.ZipFile(tmp, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
                out.open("word/document.xml", "w", force_zip64=True) as member,
            ):
                buffer: list[str] = [ROOT_OPEN]
                size = len(ROOT_OPEN)
                for chunk in body:
                    buffer.append(chunk)
                    size += len(chunk)
                    if size > 1 << 20:
                        member.write("".join(buffer).encode("utf-8"))
                        buffer, size = [], 0
                buffer.append(ROOT_CLOSE)
                member.write("".join(buffer).encode("utf-8"))

    def to_bytes(self, body: Iterable[str]) -> bytes:
        out = io.BytesIO(self.base)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            z.writestr("word/document.xml", ROOT_OPEN + "".join(body) + ROOT_CLOSE)
        return out.getvalue()
