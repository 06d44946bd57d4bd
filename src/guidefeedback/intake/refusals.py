"""Files we cannot read: a reason a person can act on, and (when asked) legacy conversion.

The content decides what a file is (:func:`guidefeedback.safe_open.sniff`); the name only
sharpens the advice. A zip that is neither Word nor Excel is, by its name, an Apple Pages
or Numbers document, or an archive of several submissions: each gets its own next step.

Legacy binary Office files (.doc, .xls) are refused with "save it as .docx/.xlsx". With
``--convert-legacy`` (``collect`` and ``run``), and LibreOffice's ``soffice`` on the PATH,
they are converted in a private temporary folder with a private LibreOffice profile (so
several runs at once do not share one) and the converted file is read; the original bytes
are what the database keeps.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import RefusedFile

_NAME_HINTS: dict[str, str] = {
    ".pages": "an Apple Pages document; in Pages choose File > Export To > Word (.docx)",
    ".numbers": "an Apple Numbers spreadsheet; in Numbers choose File > Export To > Excel",
    ".key": "an Apple Keynote presentation; send the comments as .docx, .xlsx or .csv",
    ".zip": "a zip archive; unpack it and put the files it holds in the comments folder",
    ".7z": "an archive; unpack it and put the files it holds in the comments folder",
    ".rar": "an archive; unpack it and put the files it holds in the comments folder",
}
_NEITHER = "a zip file that is neither"
_LEGACY_MARKERS = ("legacy Word .doc", "legacy Excel .xls", "legacy Office file")
CONVERT_TIMEOUT_S = 120


def explained(exc: RefusedFile) -> RefusedFile:
    """``exc`` with advice for the file's kind, when its name tells us more."""
    hint = _NAME_HINTS.get(exc.path.suffix.lower())
    if hint and exc.reason.startswith(_NEITHER):
        return RefusedFile(exc.path, hint)
    return exc


def is_legacy(exc: RefusedFile) -> bool:
    """Whether the refusal is a legacy binary .doc/.xls (which ``soffice`` can convert)."""
    return any(marker in exc.reason for marker in _LEGACY_MARKERS)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextmanager
def converted(path: Path, exc: RefusedFile) -> Iterator[Path]:
    """The legacy file ``path`` converted to .docx/.xlsx by LibreOffice, in a temporary
    folder removed afterwards. Raises ``exc`` (with a note) when that is not possible."""
    program = soffice()
    if program is None:
        raise RefusedFile(path, f"{exc.reason} (--convert-legacy needs LibreOffice's soffice)")
    target = "xlsx" if "xls" in exc.reason and ".doc" not in exc.reason else "docx"
    with tempfile.TemporaryDirectory(prefix="guidefeedback-convert-") as tmp:
        folder = Path(tmp)
        profile = (folder / "profile").as_uri()
        try:
            done = subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    target,
                    "--outdir",
                    str(folder),
                    str(path),
                ],
                capture_output=True,
                timeout=CONVERT_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            raise RefusedFile(
                path, f"{exc.reason} (LibreOffice could not convert it: {err})"
            ) from err
        out = folder / f"{path.stem}.{target}"
        if done.returncode != 0 or not out.is_file():
            raise RefusedFile(path, f"{exc.reason} (LibreOffice could not convert it)")
        yield out
