"""`python -m guidefeedback`: the same as the `guidefeedback` command."""

from .cli import main

main()
