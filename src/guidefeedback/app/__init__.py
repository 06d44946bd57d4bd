"""Each command's work as a keyword-only function over the store and plain data.

One module per :mod:`guidefeedback.cli` module (``cli/drafts.py`` calls ``app/drafts.py``,
and so on): the CLI parses arguments, calls one function here and prints what comes back;
tests and other programs call these functions directly, without Click. Only
:mod:`guidefeedback.render` writes output files. Heavy modules (python-docx, spaCy,
scikit-learn) are imported inside the functions that need them, so ``guidefeedback --help``
and the listing commands stay fast.
"""
