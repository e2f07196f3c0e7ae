"""A validation report as text, in Dutch or English (the messages come from the shapes).

Light on purpose (no pySHACL): the CLI imports it when it starts.
"""

from __future__ import annotations

from ..labels import compact
from .report import ValidationReport

__all__ = ["REPORT_WORDS", "report_text"]

#: The frame of the validation report, in each language (the messages come from the shapes).
REPORT_WORDS = {
    "nl": {"Violation": "OVERTREDING", "Warning": "WAARSCHUWING", "Info": "INFO", "path": "pad:     ",
           "value": "waarde:  ", "message": "melding: ", "conforms": "voldoet", "not": "voldoet NIET",
           "counts": "{v} overtredingen, {w} waarschuwingen", "shipped": "meegeleverd profiel",
           "file": "bestand: "},
    "en": {"Violation": "VIOLATION", "Warning": "WARNING", "Info": "INFO", "path": "path:    ",
           "value": "value:   ", "message": "message: ", "conforms": "conforms", "not": "does NOT conform",
           "counts": "{v} violations, {w} warnings", "shipped": "shipped profile", "file": "file:    "},
}


def report_text(report: ValidationReport, source: str, lang: str = "nl") -> str:
    """Each result (severity, focus node, file, path, value, message), then the verdict on ``source``.

    >>> from bcpgraph.validation import ValidationReport
    >>> from rdflib import Graph
    >>> print(report_text(ValidationReport(results=(), graph=Graph()), "profile.ttl", "en"), end="")
    profile.ttl: conforms (0 violations, 0 warnings)
    """
    w = REPORT_WORDS.get(lang, REPORT_WORDS["en"])
    lines = []
    for r in report.results:
        where = f"{r.focus_label} <{r.focus}>" if r.focus_label != str(r.focus) else f"<{r.focus}>"
        lines.append(f"{w.get(r.severity, r.severity.upper())}: {where}")
        if getattr(r, "file", None):
            lines.append(f"  {w['file']}{r.file}")
        if r.path:
            lines.append(f"  {w['path']}{r.path}")
        if r.value is not None:
            lines.append(f"  {w['value']}{compact(r.value)}")
        lines.append(f"  {w['message']}{r.message}")
    verdict = w["conforms"] if report.conforms else w["not"]
    counts = w["counts"].format(v=len(report.violations), w=len(report.warnings))
    lines.append(f"{source}: {verdict} ({counts})")
    return "\n".join(lines) + "\n"
