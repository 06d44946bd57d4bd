"""guidefeedback: the comment-and-response cycle for draft guidance documents."""

__version__ = "0.1.0"
