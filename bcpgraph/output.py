"""Writing files safely, and which format a file name asks for.

:func:`write_atomic` is the one way bcpgraph writes a file. It

- writes only regular files: a directory, a device (``/dev/null``), a FIFO or a socket at the path
  is refused before anything is written;
- follows a symbolic link: the file the link points to is replaced (with ``force``), the link
  itself stays a link; a dangling link counts as something that exists;
- never replaces anything without ``force``, and checks and writes in one atomic step: the data
  goes to a temporary file in the same folder, which is then hard-linked to the path (this fails
  if the path appeared meanwhile) or, with ``force``, renamed over it — so a reader sees the old
  file or the whole new one, never a part;
- leaves no temporary file behind when it fails or is interrupted (an exception, Ctrl-C, SIGTERM
  turned into an exception by the CLI); a temporary file left by a process that was killed
  outright (SIGKILL) carries that process's id and is removed by the next write to the folder;
- gives a new file the usual permissions (0666 less the umask) and a replaced file its old mode.

:func:`output_format` reads the format from a file name with one table, :data:`EXTENSIONS`.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from collections.abc import Sequence
from pathlib import Path

from .errors import ArgumentError, InputError
from .formats import RDF_FORMATS

__all__ = ["write_atomic", "OutputExists", "EXTENSIONS", "output_format"]

#: File name endings and the formats they mean. Where an ending means several (``.json`` is a
#: SPARQL JSON answer or JSON-LD), the first one a command offers is meant.
#: The RDF endings (``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``, ``.trig``, ``.nq``) come from
#: :data:`bcpgraph.formats.RDF_FORMATS`.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    ".txt": ("text", "table"),
    ".json": ("json", "jsonld"),
    ".srj": ("json",),
    ".csv": ("csv",),
    ".tsv": ("tsv",),
    ".xml": ("xml", "rdfxml"),
    ".srx": ("xml",),
    ".md": ("md",),
    ".html": ("html",),
    ".htm": ("html",),
    ".svg": ("svg",),
    ".png": ("png",),
    ".graphml": ("graphml",),
    ".gexf": ("gexf",),
    **{fmt.extension: (fmt.name,) for fmt in RDF_FORMATS.values()},
}

# .NAME.<pid>.bcpgraph-<random>.tmp: the pid says whether the writer may still be at work.
_TEMP = re.compile(r"^\..*\.(\d+)\.bcpgraph-[0-9a-f]+\.tmp$")


class OutputExists(InputError):
    """Something exists at the path and ``force`` was not given (exit 2)."""

    def __init__(self, path: Path, what: str = "exists"):
        super().__init__(f"{path}: {what}; not replaced without force")
        self.path = path
        self.what = what


def output_format(path: str | Path | None, given: str | None, offered: Sequence[str], *,
                  default: str) -> str:
    """The format to write: ``given`` (an explicit choice), else the one the ending of ``path``
    names, else ``default`` when there is no file (``None`` or ``-``, standard output).

    Raises :class:`InputError` when the file name and ``given`` disagree, when the ending names
    no format of ``offered``, or when it is unknown and no format is given.

    >>> output_format("m.png", None, ("csv", "md", "png"), default="md")
    'png'
    >>> output_format("answer.json", None, ("turtle", "jsonld"), default="turtle")
    'jsonld'
    >>> output_format(None, None, ("csv", "md"), default="md")
    'md'
    >>> output_format("m.png", "md", ("csv", "md", "png"), default="md")
    Traceback (most recent call last):
    bcpgraph.errors.InputError: m.png: the file name asks for png but the format given is md; make them agree
    >>> output_format("m.dat", None, ("csv", "md"), default="md")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    bcpgraph.errors.InputError: m.dat: cannot tell the format from the file name ending '.dat'; ...
    """
    if given is not None and given not in offered:
        raise InputError(f"unknown format {given!r}; use one of {', '.join(offered)}")
    if path is None or str(path) == "-":
        return given or default
    suffix = Path(path).suffix.lower()
    meant = EXTENSIONS.get(suffix)
    if meant is None:
        if given is not None:
            return given
        ending = f"ending {suffix!r}" if suffix else "(it has no ending)"
        raise InputError(f"{path}: cannot tell the format from the file name {ending}; "
                         f"give the format ({', '.join(offered)})")
    fits = [f for f in meant if f in offered]
    if given is not None:
        if given in meant:
            return given
        raise InputError(f"{path}: the file name asks for {meant[0] if not fits else fits[0]} "
                         f"but the format given is {given}; make them agree")
    if not fits:
        endings = sorted(e for e, fmts in EXTENSIONS.items() if any(f in offered for f in fmts))
        raise InputError(f"{path}: the ending {suffix!r} asks for {meant[0]}, which is not written here; "
                         f"use {', '.join(endings)} or give the format ({', '.join(offered)})")
    return fits[0]


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process (or a number we cannot ask about): leave its file
    return True


def _sweep(folder: Path) -> None:
    """Remove temporary files of writers that no longer run (killed before they could clean up)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = _TEMP.match(name)
        if match and not _alive(int(match.group(1))):
            try:
                if stat.S_ISREG(os.lstat(folder / name).st_mode):
                    os.unlink(folder / name)
            except OSError:
                pass  # another writer swept it first, or it is not ours to remove


def _cannot(path: Path, exc: OSError) -> InputError:
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return InputError(f"{path}: cannot write in folder {path.parent} ({reason})")
    return InputError(f"{path}: cannot write ({reason})")


def _target(path: Path) -> tuple[Path, os.stat_result | None, bool]:
    """Where the data goes (``path``, or the file a symbolic link points to), what is there
    now (None: nothing), and whether anything at all exists at ``path`` (a dangling link does)."""
    try:
        here = os.lstat(path)
    except FileNotFoundError:
        return path, None, False
    except OSError as exc:
        raise _cannot(path, exc) from None
    if not stat.S_ISLNK(here.st_mode):
        return path, here, True
    target = Path(os.path.realpath(path))
    try:
        there = os.stat(target)
    except FileNotFoundError:
        return target, None, True
    except OSError as exc:
        raise _cannot(path, exc) from None
    return target, there, True


def write_atomic(path: str | Path, data: str | bytes, *, force: bool = False) -> Path:
    """Write ``data`` (text is written as UTF-8) to ``path``, whole or not at all; return ``path``.

    Only regular files are written; a symbolic link is followed (its target replaced, the link
    kept). Anything existing at ``path`` — a file, or a link even if dangling — is replaced only
    with ``force`` (else :class:`OutputExists`). See the module docstring for the details.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(target, "x").read_text()
    'x'
    >>> write_atomic(target, "y")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    bcpgraph.output.OutputExists: .../a.txt: exists; not replaced without force
    >>> write_atomic(target, "y", force=True).read_text()
    'y'
    >>> write_atomic("/dev/null", "z", force=True)
    Traceback (most recent call last):
    bcpgraph.errors.InputError: /dev/null: is a character device; only regular files are written
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentError(f"path is a file name, not {type(path).__name__}")
    if not isinstance(data, (str, bytes)):
        raise ArgumentError(f"data is str or bytes, not {type(data).__name__}")
    path = Path(path)
    target, existing, exists = _target(path)
    if existing is not None and (kind := _kind(existing.st_mode)):
        raise InputError(f"{path}: is {kind}; only regular files are written")
    if exists and not force:
        raise OutputExists(path)
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"{path}: cannot write (folder {folder} does not exist)")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    _sweep(folder)
    tmp: Path | None = None
    try:
        while tmp is None:
            # named before it is made: a signal that arrives just after os.open still has it removed
            tmp = folder / f".{target.name[:80]}.{os.getpid()}.bcpgraph-{secrets.token_hex(4)}.tmp"
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
            except FileExistsError:  # not ours (our pid, from a process long gone): another name
                tmp = None
        with os.fdopen(fd, "wb") as handle:
            if existing is not None:
                os.fchmod(handle.fileno(), stat.S_IMODE(existing.st_mode))
            view = memoryview(payload)
            for start in range(0, len(view), 1 << 20):
                handle.write(view[start:start + (1 << 20)])
            handle.flush()
            os.fsync(handle.fileno())
        if force and exists:
            os.replace(tmp, target)
        elif _link(tmp, target, path):
            os.unlink(tmp)
        tmp = None
    except OSError as exc:
        raise _cannot(path, exc) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return path


def _link(tmp: Path, target: Path, path: Path) -> bool:
    """Give ``tmp`` the name ``target`` unless something is there, in one atomic step; True when
    ``tmp`` is still there too (a hard link), False when it was renamed."""
    try:
        os.link(tmp, target, follow_symlinks=False)
        return True
    except FileExistsError:
        raise OutputExists(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
    # No hard links on this file system: claim the name exclusively, then rename over the claim.
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise OutputExists(path) from None
    os.replace(tmp, target)
    return False
