"""Text from a PDF, page by page, with pypdf (pure Python, no compiled parts, maintained by the
py-pdf project); pages are joined with form feeds, which the reader treats as page breaks."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

__all__ = ["pdf_text"]


def pdf_text(path: str | Path) -> str:
    """The text layer of the PDF at ``path``, pages separated by form feeds.

    A file that is not a readable PDF, an encrypted one, or one without a text layer (a scan)
    raises :class:`~bcpgraph.errors.InputError`.
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError, PyPdfError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise InputError(f"{path}: reading a PDF needs the package pypdf (pip install pypdf)") from None
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise InputError(f"{path}: the PDF is encrypted; give the text (.txt) instead")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, RecursionError) as exc:  # what a damaged PDF makes pypdf raise
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = "\f".join(pages)
    if not text.strip():
        raise InputError(f"{path}: the PDF has no text layer (a scan?); give the text (.txt) instead")
    return text
