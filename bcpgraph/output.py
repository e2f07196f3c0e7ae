"""Writing files safely: never over an existing file without ``force``, never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, data: str | bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    An existing ``path`` is only replaced with ``force``; a missing folder is an InputError.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(target, "x").read_text()
    'x'
    >>> write_atomic(target, "y")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    bcpgraph.errors.InputError: ... exists; use --force to replace it
    """
    path = Path(path)
    if path.exists() and not force:
        raise InputError(f"{path}: exists; use --force to replace it")
    if not path.parent.is_dir():
        raise InputError(f"{path}: cannot write (folder {path.parent} does not exist)")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())  # an ordinary file, not the 0600 of a temporary one
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        raise
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
