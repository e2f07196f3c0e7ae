"""The review report: what the importer could not place, as text and as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .text import Leftover

__all__ = ["review_text", "review_json"]


def review_text(leftovers: Sequence[Leftover], source: str) -> str:
    """One line per piece, "section, line: text — reason", and a count.

    >>> print(review_text([Leftover("1.3", 12, "Zomaar een zin.", "no role found")], "x.txt"), end="")
    x.txt, section 1.3, line 12: Zomaar een zin. — no role found
    review: 1 piece of x.txt could not be placed
    """
    lines = []
    for item in leftovers:
        where = f"section {item.section}" + (f", line {item.line}" if item.line else "")
        text = item.text if len(item.text) <= 100 else item.text[:97] + "..."
        lines.append(f"{source}, {where}: {text} — {item.reason}" if text else f"{source}, {where}: {item.reason}")
    n = len(leftovers)
    lines.append(f"review: {n} piece{'s' if n != 1 else ''} of {source} could not be placed" if n
                 else f"review: everything in {source} was placed")
    return "\n".join(lines) + "\n"


def review_json(leftovers: Sequence[Leftover], source: str) -> str:
    """``{"source", "count", "items": [{"section", "line", "text", "reason"}]}``; line 0: no one line."""
    items = [{"section": i.section, "line": i.line, "text": i.text, "reason": i.reason} for i in leftovers]
    return json.dumps({"source": source, "count": len(items), "items": items}, indent=2, ensure_ascii=False) + "\n"
