"""Write templates/reference.docx: the styles of every Word document guidefeedback renders.

A user replaces the look of the outputs by passing a folder with their own reference.docx
(``--template-dir``); this script only makes our default, from python-docx's own template
with a calmer font and A4 landscape pages (comment tables are wide).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    for level, size in ((1, 16), (2, 13), (3, 11.5)):
        style = doc.styles[f"Heading {level}"]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x1F, 0x3F, 0x6B)
    doc.core_properties.title = "guidefeedback reference styles"
    doc.core_properties.author = "guidefeedback"
    doc.add_paragraph("Reference document: only its styles and page setup are used.")
    target = ROOT / "templates" / "reference.docx"
    doc.save(str(target))
    print(target)


if __name__ == "__main__":
    main()
