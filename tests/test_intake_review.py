"""Word review comments and tracked changes in a reviewed copy of the draft."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml

from guidefeedback.intake import read_submission
from guidefeedback.model import CommentKind

from . import docx_builders as b

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def _reviewed(path: Path) -> Path:
    d = b.new_document()
    d.add_heading("Capacity", 1)
    first = d.add_paragraph("Buyers should ")
    first.add_run("talk to the market")
    first.add_run(" before they buy.")
    second = d.add_paragraph("Training needs a budget of its own.")
    table = d.add_table(rows=1, cols=1)
    cell = table.cell(0, 0).paragraphs[0]
    cell.add_run("Indicator without baseline")
    edited = d.add_paragraph("Funding covers ")
    edited.add_run("the first purchase").font.bold = False
    # One comment on a phrase that spans two runs, one across two paragraphs, one in a cell.
    d.add_comment(
        first.runs[1:3], text="Explain how, with examples.", author="Anna Berg", initials="AB"
    )
    d.add_comment(
        [first.runs[0], second.runs[0]],
        text="Both points matter for SMEs.",
        author="Olle Ek",
        initials="OE",
    )
    d.add_comment(cell.runs, text="Add a baseline.", author="Anna Berg", initials="AB")
    # Tracked changes: a replacement by one author, an insertion by another.
    r = edited.runs[1]._r
    r.addprevious(
        parse_xml(
            f'<w:del {W} w:id="91" w:author="Anna Berg" w:date="2026-11-01T10:00:00Z"><w:r><w:delText>the first purchase</w:delText></w:r></w:del>'
        )
    )
    r.addprevious(
        parse_xml(
            f'<w:ins {W} w:id="92" w:author="Anna Berg" w:date="2026-11-01T10:00:00Z"><w:r><w:t>the purchase and operation</w:t></w:r></w:ins>'
        )
    )
    r.getparent().remove(r)
    edited._p.append(
        parse_xml(
            f'<w:ins {W} w:id="93" w:author="Olle Ek" w:date="2026-11-02T10:00:00Z"><w:r><w:t xml:space="preserve"> for five years</w:t></w:r></w:ins>'
        )
    )
    # A formatting-only change is not a proposal.
    second.runs[0]._r.get_or_add_rPr().append(
        parse_xml(
            f'<w:rPrChange {W} w:id="94" w:author="X" w:date="2026-11-02T10:00:00Z"><w:rPr/></w:rPrChange>'
        )
    )
    return b.save(d, path)


def test_comments_and_changes(tmp_path: Path) -> None:
    sub = read_submission(_reviewed(tmp_path / "r.docx"), organisation="Agency")
    assert sub.format == "docx-review" and sub.organisation == "Agency"
    comments = [c for c in sub.comments if c.kind is CommentKind.REVIEW_COMMENT]
    assert [(c.text, c.author, c.quoted) for c in comments] == [
        (
            "Both points matter for SMEs.",
            "Olle Ek",
            "Buyers should talk to the market before they buy. Training needs a budget of its own.",
        ),
        ("Explain how, with examples.", "Anna Berg", "talk to the market before they buy."),
        ("Add a baseline.", "Anna Berg", "Indicator without baseline"),
    ]
    assert comments[0].anchor_text == "Buyers should talk to the market before they buy."
    changes = [c for c in sub.comments if c.kind is CommentKind.TRACKED_CHANGE]
    assert [(c.author, c.text) for c in changes] == [
        ("Anna Berg", 'Replace "the first purchase" with "the purchase and operation"'),
        ("Olle Ek", 'Insert "for five years"'),
    ]
    assert changes[0].old_text == "Funding covers the first purchase"
    assert changes[0].proposed == "Funding covers the purchase and operation for five years"
    assert sub.contact == "Anna Berg"


def test_reply_links_to_parent(tmp_path: Path) -> None:
    path = _reviewed(tmp_path / "r.docx")
    document = docx.Document(str(path))
    comments_part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/comments")
    )
    root = comments_part.element
    ids = []
    for n, comment in enumerate(root.findall(f"{{{b.W_NS}}}comment")):
        paragraph = comment.findall(f"{{{b.W_NS}}}p")[-1]
        paragraph.set(f"{{{W14}}}paraId", f"0000000{n}")
        ids.append(f"0000000{n}")
    from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: F401
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    ext = (
        f'<w15:commentsEx xmlns:w15="{W15}">'
        f'<w15:commentEx w15:paraId="{ids[0]}" w15:done="0"/>'
        f'<w15:commentEx w15:paraId="{ids[2]}" w15:paraIdParent="{ids[0]}" w15:done="1"/>'
        "</w15:commentsEx>"
    ).encode()
    part = Part(
        PackURI("/word/commentsExtended.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
        ext,
        document.part.package,
    )
    document.part.relate_to(
        part, "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
    )
    document.save(str(path))
    sub = read_submission(path, organisation="Agency")
    reply = next(c for c in sub.comments if c.text == "Add a baseline.")
    parent = next(c for c in sub.comments if c.text == "Explain how, with examples.")
    assert reply.reply_to == parent.position
    assert reply.extra == {"done": "1"}
