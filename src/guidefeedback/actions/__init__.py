"""Each CLI command's work as one keyword-only function over the store and plain data.

The CLI parses arguments, calls one of these and prints what comes back; tests and other
programs call them directly. Heavy modules (python-docx, spaCy, scikit-learn) are imported
inside the functions that need them so ``guidefeedback --help`` stays fast.

- :mod:`.intake`: drafts in, comment files checked and collected;
- :mod:`.clusters`: campaigns and clusters computed, stored and edited;
- :mod:`.responses`: answers set, worksheets out and in, status and history.
"""

from .intake import (
    CheckedComment,
    CheckReport,
    Collected,
    DraftImport,
    check_file,
    collect_files,
    draft_outline,
    import_draft,
    resolve_draft_id,
)

__all__ = [
    "CheckReport",
    "CheckedComment",
    "Collected",
    "DraftImport",
    "check_file",
    "collect_files",
    "draft_outline",
    "import_draft",
    "resolve_draft_id",
]
