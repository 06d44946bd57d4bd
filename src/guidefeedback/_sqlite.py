"""sqlite-utils, imported once without numpy and pandas (see :func:`_import_sqlite_utils`)."""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any


def _import_sqlite_utils() -> Any:
    """Import sqlite-utils without letting it import numpy and pandas.

    sqlite-utils imports both at import time (when installed) only to map their scalar
    types; that costs ~200 ms on every command, and we never store numpy values. Hiding
    them during the import keeps `guidefeedback draft list` fast; they import normally
    afterwards.
    """
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import numpy` fail
    try:
        return importlib.import_module("sqlite_utils")
    finally:
        for name in hidden:
            del sys.modules[name]


if TYPE_CHECKING:
    import sqlite_utils
else:
    sqlite_utils = _import_sqlite_utils()

__all__ = ["sqlite_utils"]
