"""Each CLI command's work as one keyword-only function over the store and plain data.

The CLI parses arguments, calls one of these and prints what comes back; tests and other
programs call them directly. Heavy modules (python-docx, spaCy, scikit-learn) are imported
inside the functions that need them so ``guidefeedback --help`` stays fast.

- :mod:`.intake`: drafts in, comment files checked and collected;
- :mod:`.clusters`: campaigns and clusters computed, stored and edited;
- :mod:`.responses`: answers set, worksheets out and in, status and history.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    # Imported on first use (PEP 562) so that `guidefeedback --help` and listing commands
    # do not pay for lxml and the readers.
    if name in __all__:
        from . import intake

        return getattr(intake, name)
    raise AttributeError(name)
