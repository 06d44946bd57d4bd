"""Word review comments and tracked changes in a reviewed copy of the draft.

Every fixture is a real .docx: python-docx writes the comments (``Document.add_comment``),
raw WordprocessingML adds what python-docx cannot (tracked changes, moves, replies in
commentsExtended.xml, broken ranges). The files were opened once with LibreOffice
(``soffice --headless --convert-to pdf``) to check they are valid Word files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from guidefeedback import ooxml
from guidefeedback.errors import RefusedFile
from guidefeedback.intake import _review_xml as rx
from guidefeedback.intake import read_submission
from guidefeedback.intake.review import read_review
from guidefeedback.model import Comment, CommentKind, Problem
from guidefeedback.safe_open import DEFAULT_LIMITS, Limits, open_docx

from . import docx_builders as b
from .conftest import DRAFTS

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

W = f'xmlns:w="{b.W_NS}"'
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
ANNA, OLLE = "Anna Berg", "Olle Ek"
D1, D2, D3 = "2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z", "2026-11-03T10:00:00Z"

P1 = "Buyers should talk to the market before they buy."
P2 = "Training needs a budget of its own."
CELL = "Indicator without baseline"
EDITED_OLD = "The Commission approves the plan within 30 days."
INSERTED = "Report on progress every year."
MOVED = "Small buyers can join a central purchasing body."


def _read(path: Path) -> tuple[list[Comment], list[Problem], dict[str, str]]:
    return read_review(path, open_docx(path))


def _comment(
    doc: Document,
    runs: Sequence[Run],
    text: str,
    author: str,
    date: str,
    *,
    para_id: str | None = None,
) -> str:
    """A Word comment with a fixed date (python-docx writes "now"); returns its id."""
    initials = "".join(word[0] for word in author.split())
    comment = doc.add_comment(runs, text=text, author=author, initials=initials)
    element = comment._comment_elm
    element.set(qn("w:date"), date)
    if para_id is not None:
        element.findall(qn("w:p"))[-1].set(f"{{{W14}}}paraId", para_id)
    return str(comment.comment_id)


def _raw_paragraph(doc: Document, inner: str) -> None:
    """Append ``<w:p>inner</w:p>`` to the body (before the section properties)."""
    doc.element.body.sectPr.addprevious(parse_xml(f"<w:p {W}>{inner}</w:p>"))


def _r(text: str, tag: str = "w:t") -> str:
    return f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r>'


def _change(tag: str, author: str, date: str, body: str, change_id: int) -> str:
    return f'<w:{tag} w:id="{change_id}" w:author="{author}" w:date="{date}">{body}</w:{tag}>'


def _add_comments_extended(doc: Document, entries: list[tuple[str, str | None, bool]]) -> None:
    """commentsExtended.xml as Word writes it: (paraId, parent paraId, done) per comment."""
    rows = "".join(
        f'<w15:commentEx w15:paraId="{pid}"'
        + (f' w15:paraIdParent="{parent}"' if parent else "")
        + f' w15:done="{int(done)}"/>'
        for pid, parent, done in entries
    )
    blob = f'<w15:commentsEx xmlns:w15="{W15}">{rows}</w15:commentsEx>'.encode()
    part = Part(
        PackURI("/word/commentsExtended.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
        blob,
        doc.part.package,
    )
    doc.part.relate_to(part, rx.RT_COMMENTS_EXTENDED)


# -- review comments ------------------------------------------------------------------------


def _commented(path: Path) -> Path:
    doc = b.new_document()
    doc.add_heading("Capacity", 1)
    first = doc.add_paragraph("Buyers should ")
    first.add_run("talk to the market")
    first.add_run(" before they buy.")
    second = doc.add_paragraph(P2)
    cell = doc.add_table(rows=1, cols=2).cell(0, 1).paragraphs[0]
    cell.add_run("Indicator ")
    cell.add_run("without baseline")
    # A range over two runs of one paragraph, one over two paragraphs (it starts earlier,
    # so it comes first), one over the runs of a table cell.
    _comment(doc, first.runs[1:3], "Explain how,\nwith examples.", ANNA, D1, para_id="0A000001")
    _comment(doc, [first.runs[0], second.runs[0]], "Both points matter for SMEs.", OLLE, D2)
    _comment(doc, cell.runs, "Add a baseline.", ANNA, D3)
    # A reply to the first comment, on the same range as Word writes it; resolved.
    _comment(doc, first.runs[1:3], "Agreed.", OLLE, D3, para_id="0A000002")
    _add_comments_extended(doc, [("0A000001", None, False), ("0A000002", "0A000001", True)])
    return b.save(doc, path)


def test_review_comments_every_field(tmp_path: Path) -> None:
    comments, problems, metadata = _read(_commented(tmp_path / "c.docx"))
    assert problems == []
    review = CommentKind.REVIEW_COMMENT
    assert comments == [
        Comment(
            position=1,
            source="Word comment 1",
            text="Both points matter for SMEs.",
            kind=review,
            author=OLLE,
            date=D2,
            quoted=f"{P1} {P2}",
            anchor_text=P1,
            extra={"initials": "OE"},
        ),
        Comment(
            position=2,
            source="Word comment 2",
            text="Explain how,\nwith examples.",
            kind=review,
            author=ANNA,
            date=D1,
            quoted="talk to the market before they buy.",
            anchor_text=P1,
            extra={"initials": "AB"},
        ),
        Comment(
            position=3,
            source="Word comment 3",
            text="Agreed.",
            kind=review,
            author=OLLE,
            date=D3,
            quoted="talk to the market before they buy.",
            anchor_text=P1,
            reply_to=2,
            extra={"initials": "OE", "done": "1"},
        ),
        Comment(
            position=4,
            source="Word comment 4",
            text="Add a baseline.",
            kind=review,
            author=ANNA,
            date=D3,
            quoted=CELL,
            anchor_text=CELL,
            extra={"initials": "AB"},
        ),
    ]
    assert all(c.organisation is None for c in comments)
    # Two each; the tie goes to the author who appears first.
    assert metadata == {"author": OLLE, "authors": f"{OLLE}; {ANNA}"}


def test_comment_text_from_several_paragraphs(tmp_path: Path) -> None:
    doc = b.new_document()
    p = doc.add_paragraph("Scope of the guidance.")
    comment = doc.add_comment(p.runs, text="First line.", author=ANNA, initials="AB")
    comment.add_paragraph("")  # an empty paragraph is not a line of text
    comment.add_paragraph("Second line.")
    comments, _, _ = _read(b.save(doc, tmp_path / "multi.docx"))
    assert [c.text for c in comments] == ["First line.\nSecond line."]


def test_quoted_text_follows_the_text_policy(tmp_path: Path) -> None:
    """Deleted and hidden text inside a range are not quoted; inserted text is."""
    doc = b.new_document()
    p = doc.add_paragraph("Costs ")
    b.add_tracked_deletion(p, "were ", author=OLLE)
    b.add_tracked_insertion(p, "are ", author=OLLE)
    b.add_hidden_run(p, "SECRET ")
    p.add_run("high.")
    body_runs = p._p.findall(f".//{qn('w:r')}")
    start, end = body_runs[0], body_runs[-1]
    start.addprevious(parse_xml(f'<w:commentRangeStart {W} w:id="7"/>'))
    end.addnext(parse_xml(f'<w:commentRangeEnd {W} w:id="7"/>'))
    p._p.append(parse_xml(f'<w:r {W}><w:commentReference w:id="7"/></w:r>'))
    keep = doc.add_paragraph("x")
    _comment(doc, keep.runs, "placeholder", ANNA, D1)  # creates comments.xml
    comments_root = doc.part._comments_part.element
    comments_root.append(
        parse_xml(
            f'<w:comment {W} w:id="7" w:author="{ANNA}" w:date="{D1}" w:initials="AB">'
            f"<w:p>{_r('Say why.')}</w:p></w:comment>"
        )
    )
    comments, problems, _ = _read(b.save(doc, tmp_path / "policy.docx"))
    assert problems == []
    first = comments[0]
    assert (first.text, first.quoted) == ("Say why.", "Costs are high.")
    assert first.anchor_text == ooxml.paragraph_text(p._p) == "Costs are high."


def test_comment_problems(tmp_path: Path) -> None:
    doc = b.new_document()
    a = doc.add_paragraph("Alpha paragraph.")
    c = doc.add_paragraph("Gamma paragraph.")
    d = doc.add_paragraph("Delta paragraph.")
    e = doc.add_paragraph("Epsilon paragraph.")
    _comment(doc, a.runs, "", ANNA, D1)  # no text
    ref_only = _comment(doc, c.runs, "Only a reference.", ANNA, D1)
    no_end = _comment(doc, d.runs, "Never ends.", OLLE, D2)
    body = doc.element.body
    for tag, cid in (("commentRangeStart", ref_only), ("commentRangeEnd", ref_only)):
        for el in body.iter(qn(f"w:{tag}")):
            if el.get(qn("w:id")) == cid:
                el.getparent().remove(el)
    for el in list(body.iter(qn("w:commentRangeEnd"))):
        if el.get(qn("w:id")) == no_end:
            el.getparent().remove(el)
    # Marked in the body, missing from comments.xml.
    e._p.insert(0, parse_xml(f'<w:commentRangeStart {W} w:id="99"/>'))
    e._p.append(parse_xml(f'<w:commentRangeEnd {W} w:id="99"/>'))
    e._p.append(parse_xml(f'<w:r {W}><w:commentReference w:id="99"/></w:r>'))
    # In comments.xml, anchored nowhere.
    doc.part._comments_part.element.append(
        parse_xml(
            f'<w:comment {W} w:id="50" w:author="{OLLE}" w:date="{D3}">'
            f"<w:p>{_r('Floating remark.')}</w:p></w:comment>"
        )
    )
    comments, problems, metadata = _read(b.save(doc, tmp_path / "problems.docx"))
    review = CommentKind.REVIEW_COMMENT
    assert comments == [
        Comment(
            position=1,
            source="Word comment 2",
            text="Only a reference.",
            kind=review,
            author=ANNA,
            date=D1,
            quoted=None,
            anchor_text="Gamma paragraph.",
            extra={"initials": "AB"},
        ),
        Comment(
            position=2,
            source="Word comment 3",
            text="Never ends.",
            kind=review,
            author=OLLE,
            date=D2,
            quoted=None,
            anchor_text="Delta paragraph.",
            extra={"initials": "OE"},
        ),
        Comment(
            position=3,
            source="Word comment 4",
            text="Floating remark.",
            kind=review,
            author=OLLE,
            date=D3,
        ),
    ]
    assert problems == [
        Problem("Word comment id 99", "is marked in the document but missing from comments.xml"),
        Problem("Word comment 1", "has no text"),
        Problem("Word comment 3", "its range has no end; anchored to its paragraph"),
        Problem("Word comment 4", "is not anchored to any text; kept without a place"),
    ]
    assert metadata == {"author": OLLE, "authors": f"{ANNA}; {OLLE}"}


def test_comments_extended_that_is_not_xml_is_a_problem_not_a_refusal(tmp_path: Path) -> None:
    doc = b.new_document()
    p = doc.add_paragraph("Alpha.")
    _comment(doc, p.runs, "Fine.", ANNA, D1, para_id="0B000001")
    part = Part(
        PackURI("/word/commentsExtended.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
        b"<w15:commentsEx",
        doc.part.package,
    )
    doc.part.relate_to(part, rx.RT_COMMENTS_EXTENDED)
    comments, problems, _ = _read(b.save(doc, tmp_path / "broken-ext.docx"))
    assert [c.text for c in comments] == ["Fine."]
    assert len(problems) == 1 and problems[0].where == "file"
    assert problems[0].message.startswith("replies not linked: word/commentsExtended.xml is not")


# -- tracked changes ------------------------------------------------------------------------


def _tracked(path: Path) -> Path:
    doc = b.new_document()
    doc.add_heading("Approval", 1)
    # Two authors in one paragraph: Anna replaces a phrase, Olle deletes one and inserts one.
    _raw_paragraph(
        doc,
        _r("The ")
        + _change("del", ANNA, D1, _r("Commission", "w:delText"), 11)
        + _change("ins", ANNA, D1, _r("contracting "), 12)
        + _change("ins", ANNA, D2, _r("authority"), 13)
        + _r(" approves the plan")
        + _change("del", OLLE, D3, _r(" within 30 days", "w:delText"), 14)
        + _r(".")
        + _change("ins", OLLE, D2, _r(" Publish it."), 15),
    )
    # A whole paragraph inserted by Olle (its mark is inserted too).
    _raw_paragraph(
        doc,
        f'<w:pPr><w:rPr><w:ins w:id="16" w:author="{OLLE}" w:date="{D2}"/></w:rPr></w:pPr>'
        + _change("ins", OLLE, D2, _r(INSERTED), 17),
    )
    # A formatting-only change (bold switched on, paragraph style changed): not a proposal.
    _raw_paragraph(
        doc,
        '<w:pPr><w:pStyle w:val="Heading2"/><w:pPrChange w:id="18" w:author="X"'
        f' w:date="{D1}"><w:pPr/></w:pPrChange></w:pPr>'
        f'<w:r><w:rPr><w:b/><w:rPrChange w:id="19" w:author="X" w:date="{D1}"><w:rPr/>'
        "</w:rPrChange></w:rPr><w:t>Plans and budgets</w:t></w:r>",
    )
    # A paragraph moved up by Anna: destination first, then where it was.
    _raw_paragraph(
        doc,
        f'<w:pPr><w:rPr><w:moveTo w:id="20" w:author="{ANNA}" w:date="{D3}"/></w:rPr></w:pPr>'
        f'<w:moveToRangeStart w:id="21" w:author="{ANNA}" w:date="{D3}" w:name="move1"/>'
        + _change("moveTo", ANNA, D3, _r(MOVED), 22)
        + '<w:moveToRangeEnd w:id="21"/>',
    )
    doc.add_paragraph("Joint purchasing saves money.")
    _raw_paragraph(
        doc,
        f'<w:pPr><w:rPr><w:moveFrom w:id="23" w:author="{ANNA}" w:date="{D3}"/></w:rPr></w:pPr>'
        f'<w:moveFromRangeStart w:id="24" w:author="{ANNA}" w:date="{D3}" w:name="move1"/>'
        + _change("moveFrom", ANNA, D3, _r(MOVED), 25)
        + '<w:moveFromRangeEnd w:id="24"/>',
    )
    # A paragraph deleted as a whole by Olle.
    _raw_paragraph(
        doc,
        f'<w:pPr><w:rPr><w:del w:id="26" w:author="{OLLE}" w:date="{D1}"/></w:rPr></w:pPr>'
        + _change("del", OLLE, D1, _r("Obsolete sentence.", "w:delText"), 27),
    )
    return b.save(doc, path)


def test_tracked_changes_every_field(tmp_path: Path) -> None:
    comments, problems, metadata = _read(_tracked(tmp_path / "t.docx"))
    assert problems == []
    tracked = CommentKind.TRACKED_CHANGE
    assert comments == [
        Comment(
            position=1,
            source="tracked change 1",
            text='Replace "Commission" with "contracting authority"',
            kind=tracked,
            author=ANNA,
            date=D1,
            anchor_text=EDITED_OLD,
            old_text=EDITED_OLD,
            # Only Anna's edits accepted: Olle's are a separate proposal.
            proposed="The contracting authority approves the plan within 30 days.",
        ),
        Comment(
            position=2,
            source="tracked change 2",
            text='Delete "within 30 days"; Insert "Publish it."',
            kind=tracked,
            author=OLLE,
            date=D2,
            anchor_text=EDITED_OLD,
            old_text=EDITED_OLD,
            proposed="The Commission approves the plan. Publish it.",
        ),
        Comment(
            position=3,
            source="tracked change 3",
            text=f'Insert paragraph "{INSERTED}"',
            kind=tracked,
            author=OLLE,
            date=D2,
            anchor_text=EDITED_OLD,
            proposed=INSERTED,
        ),
        Comment(
            position=4,
            source="tracked change 4",
            text=f'Move "{MOVED}"',
            kind=tracked,
            author=ANNA,
            date=D3,
            anchor_text=MOVED,
            old_text=MOVED,
            extra={"moved_after": "Plans and budgets"},
        ),
        Comment(
            position=5,
            source="tracked change 5",
            text='Delete paragraph "Obsolete sentence."',
            kind=tracked,
            author=OLLE,
            date=D1,
            anchor_text="Obsolete sentence.",
            old_text="Obsolete sentence.",
        ),
    ]
    assert metadata == {"author": OLLE, "authors": f"{ANNA}; {OLLE}"}


def test_move_inside_a_paragraph_without_named_range_is_an_edit(tmp_path: Path) -> None:
    """A moveFrom/moveTo with no move range around it (not what Word writes) still counts."""
    doc = b.new_document()
    _raw_paragraph(
        doc,
        _change("moveFrom", ANNA, D1, _r("Quickly, "), 1)
        + _r("buyers act")
        + _change("moveTo", ANNA, D1, _r(" quickly"), 2)
        + _r("."),
    )
    comments, _, _ = _read(b.save(doc, tmp_path / "m.docx"))
    assert [(c.text, c.old_text, c.proposed) for c in comments] == [
        (
            'Delete "Quickly,"; Insert "quickly"',
            "Quickly, buyers act.",
            "buyers act quickly.",
        )
    ]


def test_only_formatting_changes_give_nothing(tmp_path: Path) -> None:
    doc = b.new_document()
    _raw_paragraph(
        doc,
        f'<w:r><w:rPr><w:i/><w:rPrChange w:id="1" w:author="{ANNA}" w:date="{D1}"><w:rPr/>'
        "</w:rPrChange></w:rPr><w:t>Italic now.</w:t></w:r>",
    )
    assert _read(b.save(doc, tmp_path / "f.docx")) == ([], [], {})


# -- both, through the dispatcher -----------------------------------------------------------


def test_read_submission_takes_comments_and_changes(tmp_path: Path) -> None:
    doc = b.new_document()
    p = doc.add_paragraph("Funding covers ")
    b.add_tracked_deletion(p, "the first purchase", author=ANNA)
    b.add_tracked_insertion(p, "purchase and operation", author=ANNA)
    _comment(doc, p.runs, "Think about operation.", OLLE, D1)
    sub = read_submission(b.save(doc, tmp_path / "s.docx"), organisation="Agency")
    assert sub.format == "docx-review" and sub.organisation == "Agency"
    assert [(c.position, c.kind, c.source, c.text) for c in sub.comments] == [
        (1, CommentKind.REVIEW_COMMENT, "Word comment 1", "Think about operation."),
        (
            2,
            CommentKind.TRACKED_CHANGE,
            "tracked change 1",
            'Replace "the first purchase" with "purchase and operation"',
        ),
    ]
    assert sub.comments[0].quoted == "Funding covers"


# -- the scanner agrees with ooxml's text policy --------------------------------------------


def _policy_document() -> Document:
    doc = b.new_document()
    p = doc.add_paragraph("Plain ")
    b.add_hidden_run(p, "hidden ")
    b.add_field(p, "REF _Ref1 \\h", "see 3.2")
    b.add_content_control(p, " in a control")
    b.add_content_control(p, "Click here", placeholder=True)
    b.add_tracked_insertion(p, " inserted")
    b.add_tracked_deletion(p, " deleted")
    p.add_run("\tafter a tab")
    b.add_footnote(doc, p, "A note.")
    return doc


def _scanned_current(p: object) -> str:
    scan = rx.scan_paragraph(p)  # type: ignore[arg-type]
    pieces = [e.text for e in scan.events if isinstance(e, rx.Piece) and e.current]
    return ooxml.normalise_space("".join(pieces))


@pytest.mark.parametrize("draft", sorted(DRAFTS.glob("*.docx")), ids=lambda p: p.name)
def test_scanner_current_text_equals_ooxml_on_the_drafts(draft: Path) -> None:
    doc = docx.Document(str(draft))
    paragraphs = list(doc.element.body.iter(qn("w:p")))
    assert paragraphs
    for p in paragraphs:
        assert _scanned_current(p) == ooxml.paragraph_text(p)


def test_scanner_current_and_old_text_on_policy_features() -> None:
    doc = _policy_document()
    p = doc.paragraphs[-1]._p
    assert _scanned_current(p) == ooxml.paragraph_text(p)
    assert _scanned_current(p) == "Plain see 3.2 in a control inserted after a tab"
    scan = rx.scan_paragraph(p)
    old = [e.text for e in scan.events if isinstance(e, rx.Piece) and e.old]
    assert ooxml.normalise_space("".join(old)) == "Plain see 3.2 in a control deleted after a tab"


# -- limits and size ------------------------------------------------------------------------


def test_limits_refuse_too_many_and_too_long(tmp_path: Path) -> None:
    path = _commented(tmp_path / "c.docx")
    doc = open_docx(path)
    with pytest.raises(RefusedFile, match="more than 3 review comments"):
        read_review(path, doc, limits=Limits(max_rows=3))
    with pytest.raises(RefusedFile, match="Word comment 1 is longer than 20 characters"):
        read_review(path, doc, limits=Limits(max_comment_chars=20))
    assert len(read_review(path, doc, limits=DEFAULT_LIMITS)[0]) == 4


def _large(path: Path, paragraphs: int, comments: int) -> Path:
    doc = b.new_document()
    every = paragraphs // comments
    added: list[Paragraph] = []
    for i in range(paragraphs):
        p = doc.add_paragraph(f"Paragraph {i} says something about buyers and suppliers. ")
        p.add_run("Public procurement of innovation needs time, budgets and skills. " * 3)
        if i % every == 0 and len(added) < comments:
            added.append(p)
        if i % 50 == 0:
            b.add_tracked_insertion(p, f"Insertion {i}.", author=OLLE)
    for n, p in enumerate(added):
        doc.add_comment(p.runs, text=f"Comment {n}.", author=ANNA, initials="AB")
    return b.save(doc, path)


def test_a_large_reviewed_draft_reads_in_one_pass(tmp_path: Path) -> None:
    # About 300 pages: 3 000 paragraphs of ~250 characters, 1 000 comments.
    path = _large(tmp_path / "large.docx", 3000, 1000)
    doc = open_docx(path)
    comments, problems, _ = read_review(path, doc)
    assert problems == []
    review = [c for c in comments if c.kind is CommentKind.REVIEW_COMMENT]
    assert len(review) == 1000 and len(comments) == 1060
    assert review[-1].text == "Comment 999." and review[-1].quoted == review[-1].anchor_text
