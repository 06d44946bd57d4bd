"""The JSON archive file that ``guidefeedback export`` writes, written atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..atomic import atomic_output


def write_archive(archive: dict[str, Any], output: Path) -> None:
    with atomic_output(output) as tmp, tmp.open("w", encoding="utf-8") as fh:
        json.dump(archive, fh, ensure_ascii=False, indent=1)
