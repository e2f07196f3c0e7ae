r"""Text from data made safe for where it goes: XML, a terminal, a matplotlib picture.

Labels come from files bcpgraph did not write. A control character would make XML (GraphML,
GEXF, SPARQL XML results) malformed, an escape sequence would drive the user's terminal, and a
pair of ``$`` would switch matplotlib into mathtext. Each function returns text that shows what
was there (a replaced character becomes U+FFFD, ``�``) and cannot do any of that.

>>> for_xml("a\x00b\tc")
'a�b\tc'
>>> for_terminal("red \x1b[31mtext\x1b[0m\n")
'red �[31mtext�[0m\n'
>>> for_matplotlib("costs $x^2$")
'costs \\$x^2\\$'
"""

from __future__ import annotations

import re

__all__ = ["for_xml", "for_terminal", "for_matplotlib", "REPLACEMENT"]

REPLACEMENT = "\ufffd"
# Characters XML 1.0 does not allow at all (not even as character references).
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# C0 controls except tab and newline, DEL, C1 controls: what a terminal would act on.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def for_xml(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD (escaping ``<&`` stays
    the XML writer's job)."""
    return _NOT_XML.sub(REPLACEMENT, text)


def for_terminal(text: str) -> str:
    """``text`` with control characters (escape sequences included) replaced by U+FFFD; tab and
    newline stay."""
    return _CONTROL.sub(REPLACEMENT, text)


def for_matplotlib(text: str) -> str:
    """``text`` that matplotlib draws as written, on one line: no mathtext, no control
    characters, nothing an SVG file could not hold (U+FFFF, lone surrogates).

    >>> for_matplotlib("a\\nb\\tc\\uffff")
    'a b c�'
    """
    return for_xml(for_terminal(str(text))).replace("\n", " ").replace("\t", " ").replace("$", r"\$")
