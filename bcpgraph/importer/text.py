"""Read a BCP document (text extracted from its PDF, in the ECABO/OOCC format of around 2010) into
its parts: sections, lists and werkprocessen, each with the line it starts on.

The reader knows the format's headings and list conventions, not any profile's answers. What it
does about the ways a real extraction goes wrong:

- **Page furniture** — running footers ("BCP Contactcenter medewerker 2010 12"), a running header
  (the title "Beroepscompetentieprofiel …" repeated on several pages), copyright lines, page numbers
  alone on a line ("12", "- 12 -", "Pagina 3 van 20"), form feeds and the bare web addresses a PDF
  lists after its links — is dropped before anything else. The footer names the occupation and
  year; without footers, the title does (the year then comes from the adoption date).
- **Sections** are found by their headings wherever they stand, so a missing section or sections
  in another order are read all the same; a section that is not there is simply empty.
- **Wrapped lines**: a list item continues on lines that do not start with "-"; a line ending in a
  hyphen is joined without a space to a lower-case word (hyphenation: "onafhan-" + "kelijke") and
  with a space before "en"/"of" ("diensten-" + "en organisatiekennis", a Dutch elision) or a word
  starting with a capital.
- **Quotes**: curly and straight quotes are kept as written; matching ignores them (see
  :func:`variant_key`).
- In chapter 3 a werkproces's "Beschrijving werkproces:" may come before its number and title (two
  columns interleaved): a description is given to the werkproces heading that follows it, or to
  the werkproces above it when no heading follows.

>>> doc = parse_text(SAMPLE)
>>> doc.occupation, doc.year
('Voorbeeldberoep', '2011')
>>> [(wp.number, wp.title) for wp in doc.work_processes]
[('1.1', 'Handelt vragen af')]
>>> wp = doc.work_processes[0]
>>> wp.description, [i.text for i in wp.competencies]
('De medewerker handelt vragen af.', ["Op de behoeften en verwachtingen van de 'klant' richten"])
>>> [i.text for i in wp.knowledge], [i.text for i in wp.skills]
(['producten en diensten van de organisatie'], ['gesprekstechnieken'])
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Item", "WorkProcess", "CoreTask", "CareerStep", "Document", "Leftover", "parse_text",
           "norm", "variant_key", "role_key", "join_lines", "slug", "NotABcp"]

# ------------------------------------------------------------------ normalisation

_QUOTE_MARKS = "\u2018\u2019\u201a\u201b\u2032`\u00b4\"\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'"
_NO_QUOTES = str.maketrans({c: None for c in _QUOTE_MARKS})
_ELISION = {"en", "of", "en/of"}
_BULLETS = "-\u2013\u2022\u00b7*\uf0b7\uf0a7\u25aa\u25cf\u2219"


class NotABcp(ValueError):
    """The text is not a BCP in the format this reader knows (the message says what is missing)."""


def norm(text: str) -> str:
    """Unicode NFC and single spaces, nothing else changed (quotes are kept as written).

    >>> norm("  Op de\\u00a0 behoeften\\n richten ")
    'Op de behoeften richten'
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def variant_key(text: str) -> str:
    """The key under which spelling variants meet: case, accents, quotes, spaces and punctuation
    do not count.

    >>> variant_key("telefoon- en e-mail etiquette") == variant_key("Telefoon- en emailetiquette")
    True
    >>> variant_key("van de \\u2018klant\\u2019 richten") == variant_key('van de "klant" richten')
    True
    """
    text = unicodedata.normalize("NFKD", norm(text).translate(_NO_QUOTES)).casefold()
    return "".join(c for c in text if c.isalnum())


def role_key(text: str) -> str:
    """A role name for matching: no leading article, then :func:`variant_key`.

    >>> role_key("een commerciële binnendienstfunctie") == role_key("Commerciële binnendienstfunctie")
    True
    """
    text = norm(text)
    for article in ("de ", "het ", "een "):
        if text.lower().startswith(article):
            text = text[len(article):]
    return variant_key(text)


def slug(text: str) -> str:
    """The last part of an IRI made from a label: ASCII letters and digits, words joined by "-".

    >>> slug("Commerciële binnendienst­functie (junior)")
    'commerciele-binnendienstfunctie-junior'
    >>> slug("stappen in het verkoopproces/-gesprek")
    'stappen-in-het-verkoopproces-gesprek'
    """
    text = unicodedata.normalize("NFKD", norm(text).translate(_NO_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def join_lines(lines: list[str]) -> str:
    """Lines the PDF wrapped, joined (see the module docstring for hyphens).

    >>> join_lines(["Vereniging van onafhan-", "kelijke bureaus"])
    'Vereniging van onafhankelijke bureaus'
    >>> join_lines(["product-, diensten- ", "en organisatiekennis"])
    'product-, diensten- en organisatiekennis'
    >>> join_lines(["het product-", "/dienstenassortiment."])
    'het product-/dienstenassortiment.'
    """
    out = ""
    for raw in lines:
        line = norm(raw)
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -"):
            first = line.split()[0]
            if not line[0].isalnum():
                out += line
            elif line[0].islower() and first not in _ELISION:
                out = out[:-1] + line
            else:
                out += " " + line
        else:
            out += " " + line
    return out


# ------------------------------------------------------------------ what a document holds


@dataclass(frozen=True)
class Item:
    """One entry of a list in the document, with the line it starts on (1-based)."""

    text: str
    line: int


@dataclass(frozen=True)
class Leftover:
    """A piece of the document the reader could not place."""

    section: str
    line: int
    text: str
    reason: str


@dataclass
class WorkProcess:
    number: str
    title: str
    line: int
    section: str = ""
    description: str = ""
    competencies: list[Item] = field(default_factory=list)
    results: list[Item] = field(default_factory=list)
    knowledge: list[Item] = field(default_factory=list)
    skills: list[Item] = field(default_factory=list)

    @property
    def core_task(self) -> str:
        return self.number.split(".")[0]


@dataclass(frozen=True)
class CoreTask:
    number: str
    title: str
    line: int
    section: str


@dataclass(frozen=True)
class CareerStep:
    """A step of section 1.3: ``direction`` is horizontal, vertical or outside; ``to_role`` is None
    when the text names no role (``phrase`` says what it names); ``interpretation`` marks the
    ladder reading of "X kan doorgroeien naar A en B" (A → B), which the text does not state."""

    direction: str
    from_role: str
    to_role: str | None
    phrase: str
    sentence: str
    line: int
    interpretation: bool = False


@dataclass
class Document:
    occupation: str = ""
    year: str = ""
    title_line: int = 0
    sections: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (heading, line)
    job_titles: list[Item] = field(default_factory=list)
    attitudes: list[Item] = field(default_factory=list)
    legislation: list[Item] = field(default_factory=list)
    sources: list[Item] = field(default_factory=list)
    careers: list[CareerStep] = field(default_factory=list)
    core_tasks: list[CoreTask] = field(default_factory=list)
    work_processes: list[WorkProcess] = field(default_factory=list)
    adoption_body: Item | None = None
    adoption_date: dt.date | None = None
    adoption_place: Item | None = None
    coordinator: Item | None = None
    commissioner: Item | None = None
    leftovers: list[Leftover] = field(default_factory=list)


# ------------------------------------------------------------------ page furniture

_FOOTER = re.compile(r"^BCP (?P<occ>.+?) (?P<year>(?:19|20)\d\d)(?: (?:pagina )?\d{1,3})?$", re.IGNORECASE)
_PAGE = re.compile(r"^(?:-\s*\d{1,3}\s*-|\d{1,3}|pagina \d{1,3}(?: van \d{1,3})?|page \d{1,3}(?: of \d{1,3})?)$",
                   re.IGNORECASE)
_BARE_URL = re.compile(r"^https?://\S+$")


_TITLE = re.compile(r"^Beroepscompetentieprofiel \S.*$")
_COPYRIGHT = re.compile(r"^(?:©|\(c\) |copyright\b).*$", re.IGNORECASE)


def _clean(text: str) -> tuple[list[str], list[tuple[str, str, int]], str]:
    """The lines with page furniture blanked (numbering kept), the footers found, and the title
    ("Beroepscompetentieprofiel …") where the document has one. A title line that comes back on
    several pages is a running header, and a copyright line is furniture too: both are dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    footers = []
    counts: dict[str, int] = {}
    for raw in lines:
        counts[norm(raw)] = counts.get(norm(raw), 0) + 1
    title = ""
    for i, raw in enumerate(lines):
        line = norm(raw)
        if _TITLE.match(line):
            title = title or line
            lines[i] = "" if counts[line] > 1 else line
        elif _COPYRIGHT.match(line):
            lines[i] = ""
        elif m := _FOOTER.match(line):
            footers.append((m.group("occ"), m.group("year"), i + 1))
            lines[i] = ""
        elif _PAGE.match(line) or _BARE_URL.match(line):
            lines[i] = ""
        else:
            lines[i] = unicodedata.normalize("NFC", raw).replace("\u00ad", "").rstrip()
    return lines, footers, title


# ------------------------------------------------------------------ sections

#: Section keys, their headings (a regular expression on a stripped line) and Dutch names.
_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    ("inleiding", re.compile(r"^Inleiding$")),
    ("colofon", re.compile(r"^Colofon$")),
    ("sectorraad", re.compile(r"^Sectorraad \S.*$")),
    ("brondocumenten", re.compile(r"^Brondocumenten(?:/bronnen)?$", re.IGNORECASE)),
    ("1", re.compile(r"^1 Algemene informatie\b.*$")),
    ("1.1", re.compile(r"^1\.1 (?:Mogelijke )?functiebenamingen$", re.IGNORECASE)),
    ("1.2", re.compile(r"^1\.2 Beschrijving van het beroep$")),
    ("1.3", re.compile(r"^1\.3 Loopbaanperspectief$")),
    ("1.4", re.compile(r"^1\.4 Trends en innovaties$")),
    ("2", re.compile(r"^2 Overzicht van (?:de )?kerntaken\b.*$")),
    ("3", re.compile(r"^3 Beschrijving van de kerntaken$")),
]
_CORE_SECTION = re.compile(r"^3\.(\d+) Kerntaak (\d+):? (.+)$")
_WP_LINE = re.compile(r"^(\d+)\.(\d+) (\S.*)$")


def _sections(lines: list[str]) -> tuple[dict[str, tuple[str, int]], dict[str, list[tuple[int, str]]]]:
    """Each section's heading and line, and its body lines (number, text): up to the next heading."""
    heads: list[tuple[int, str, str]] = []
    for i, raw in enumerate(lines):
        line = norm(raw)
        if not line:
            continue
        for key, pattern in _HEADINGS:
            if pattern.match(line):
                if key == "sectorraad" and ":" in line:
                    break
                heads.append((i, key, line))
                break
        else:
            if m := _CORE_SECTION.match(line):
                heads.append((i, f"3.{m.group(1)}", line))
    found: dict[str, tuple[str, int]] = {}
    bodies: dict[str, list[tuple[int, str]]] = {}
    for n, (i, key, line) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        if key in found:  # a heading repeated (a running header): its body belongs to the first
            bodies[key] += [(j + 1, lines[j]) for j in range(i + 1, end)]
            continue
        found[key] = (line, i + 1)
        bodies[key] = [(j + 1, lines[j]) for j in range(i + 1, end)]
    return found, bodies


def _items(body: list[tuple[int, str]]) -> list[Item]:
    """The "- item" entries of ``body``; lines not starting with a bullet continue the item above."""
    parts: list[tuple[int, list[str]]] = []
    for number, raw in body:
        line = raw.strip()
        if not line:
            continue
        if line[0] in _BULLETS:
            parts.append((number, [line[1:]]))
        elif parts:
            parts[-1][1].append(line)
    out = []
    for number, texts in parts:
        text = re.sub(r"/- (?=[a-z])", "/-", join_lines(texts)).rstrip(";").rstrip()
        if text:
            out.append(Item(text, number))
    return out


def _block(body: list[tuple[int, str]], start: int) -> list[tuple[int, str]]:
    """Lines of ``body`` from index ``start`` up to the first blank line."""
    out = []
    for number, line in body[start:]:
        if not line.strip():
            break
        out.append((number, line))
    return out


def _find(body: list[tuple[int, str]], pattern: str) -> int | None:
    rx = re.compile(pattern)
    return next((k for k, (_, line) in enumerate(body) if rx.match(norm(line))), None)


# ------------------------------------------------------------------ front matter

_MONTHS = {m: i for i, m in enumerate(("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                      "september", "oktober", "november", "december"), start=1)}


def _date(text: str) -> dt.date | None:
    """A Dutch date: "30 september 2010", "30-09-2010" or "2010-09-30".

    >>> _date("30 september 2010"), _date("1-5-2011"), _date("morgen")
    (datetime.date(2010, 9, 30), datetime.date(2011, 5, 1), None)
    """
    text = norm(text).lower().rstrip(".")
    try:
        if m := re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", text):
            if m.group(2) in _MONTHS:
                return dt.date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        elif m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        elif m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def _colophon(doc: Document, body: list[tuple[int, str]]) -> None:
    for k, (number, raw) in enumerate(body):
        line = norm(raw)
        key, colon, value = line.partition(":")
        value = value.strip()
        if colon and key == "Vastgesteld door" and value:
            doc.adoption_body = Item(value, number)
        elif colon and key == "Op" and value:
            doc.adoption_date = _date(value)
            if doc.adoption_date is None:
                doc.leftovers.append(Leftover("colofon", number, line, "not a date (dag maand jaar)"))
        elif colon and key == "Te" and value:
            doc.adoption_place = Item(value, number)
        elif line.startswith("Onder regie van "):
            doc.coordinator = Item(line[len("Onder regie van "):], number)
        elif line.startswith("In opdracht van "):
            rest = [line[len("In opdracht van "):]]
            rest += [norm(text) for _, text in _block(body, k + 1)]
            doc.commissioner = Item(join_lines(rest), number)


# ------------------------------------------------------------------ chapter 1

def _job_titles(body: list[tuple[int, str]]) -> list[Item]:
    out = []
    for number, raw in body:
        line = norm(raw).lstrip(_BULLETS + " ")
        for part in line.split(","):
            if part.strip():
                out.append(Item(part.strip(), number))
    return out


def _attitudes(doc: Document, body: list[tuple[int, str]]) -> None:
    start = _find(body, r"^Typerende beroepshouding\b")
    if start is None:
        doc.leftovers.append(Leftover("1.2", 0, "Typerende beroepshouding", "row not found: no attitudes read"))
        return
    doc.attitudes = [Item(i.text.rstrip("."), i.line) for i in _items(_block(body, start + 1))]


def _legislation(doc: Document, body: list[tuple[int, str]]) -> None:
    start = _find(body, r"^Wetgeving en regelgeving\b")
    if start is None:
        return
    number, first = body[start]
    first = norm(first)[len("Wetgeving en regelgeving"):]
    doc.legislation = _items([(number, first), *_block(body, start + 1)])


def _split_roles(text: str) -> list[str]:
    """ "a, b, c en d" as items; an "en"/"of" after a hyphen ("bank- en") separates nothing.

    >>> _split_roles("(junior) Accountmanager of Commercieel medewerker bank- en verzekeringswezen")
    ['(junior) Accountmanager', 'Commercieel medewerker bank- en verzekeringswezen']
    """
    parts = [p.strip() for p in text.split(",")]
    last = re.split(r"(?<!-) (?:en|of) ", parts.pop())
    return [p.strip() for p in parts + last if p.strip()]


_GROW = " kan doorgroeien naar de functie van "


def _careers(doc: Document, body: list[tuple[int, str]]) -> None:
    """Career steps (see :class:`CareerStep`): blocks "Binnen …:" (horizontal or vertical by the
    sentence's own words) and "Buiten …:" (outside); in a sentence "X kan doorgroeien naar de
    functie van A, B en C" each role is a step from X; "…, zoals A, B of C" steps from the
    occupation; a plural "… functies" or a sentence naming no role is a step without a role."""
    within = _find(body, r"^Binnen [^:]+:$")
    outside = _find(body, r"^Buiten [^:]+:$")
    blocks = []
    if within is not None:
        blocks.append(("within", body[within + 1:outside if outside is not None and outside > within else None]))
    if outside is not None:
        blocks.append(("outside", body[outside + 1:within if within is not None and within > outside else None]))
    if not blocks:
        doc.leftovers.append(Leftover("1.3", 0, "Loopbaanperspectief", "no 'Binnen …:' or 'Buiten …:' block"))
        return
    occupation = doc.occupation
    for block, lines in blocks:
        # the block joined, then cut into sentences, each with the line it starts on
        joined, starts = "", []
        for number, raw in lines:
            if norm(raw):
                starts.append((len(joined), number))
                joined = join_lines([joined, raw])
        sentences = []
        for m in re.finditer(r"\S.*?(?:\.(?=\s+[A-Z(])|$)", joined):
            line_no = max((n for pos, n in starts if pos <= m.start()), default=0)
            sentences.append((line_no, m.group(0)))
        for number, text in sentences:
            sentence = text.rstrip(".")
            if block == "outside":
                direction = "outside"
            elif "horizonta" in sentence:
                direction = "horizontal"
            elif "vertica" in sentence:
                direction = "vertical"
            else:
                doc.leftovers.append(Leftover("1.3", number, text, "neither horizontal nor vertical"))
                continue
            if _GROW in sentence:
                subject, roles = sentence.split(_GROW, 1)
                subject = subject.rsplit(":", 1)[-1].strip()
                for article in ("De ", "de ", "Het ", "het ", "Een ", "een "):
                    if subject.startswith(article):
                        subject = subject[len(article):]
                from_role = occupation if role_key(subject) == role_key(occupation) else subject
                items = _split_roles(roles)
                for item in items:
                    if item.split()[-1].lower() == "functies":
                        doc.careers.append(CareerStep(direction, from_role, None, item, text, number))
                    else:
                        doc.careers.append(CareerStep(direction, from_role, item, item, text, number))
                if from_role != occupation and len(items) > 1:
                    for a, b in zip(items, items[1:], strict=False):
                        doc.careers.append(CareerStep(direction, a, b, b, text, number, interpretation=True))
            elif " zoals " in sentence:
                for item in _split_roles(sentence.split(" zoals ", 1)[1]):
                    doc.careers.append(CareerStep(direction, occupation, item, item, text, number))
            elif m := re.search(r"\bin (.+)$", sentence):
                doc.careers.append(CareerStep(direction, occupation, None, m.group(1), text, number))
            else:
                doc.leftovers.append(Leftover("1.3", number, text, "no role or destination found"))


# ------------------------------------------------------------------ chapters 2 and 3

def _overview(doc: Document, body: list[tuple[int, str]]) -> None:
    lines = [(n, norm(t)) for n, t in body if norm(t)]
    for k, (number, line) in enumerate(lines):
        if m := re.fullmatch(r"Kerntaak (\d+):?(?: (.+))?", line):
            title = m.group(2) or (lines[k + 1][1] if k + 1 < len(lines) else "")
            if title and not _WP_LINE.match(title):
                doc.core_tasks.append(CoreTask(m.group(1), title, number, "2"))
        elif (m := _WP_LINE.match(line)) and not line.startswith(("Kerntaak", "Werkproces")):
            doc.work_processes.append(WorkProcess(f"{m.group(1)}.{m.group(2)}", m.group(3), number))


_MARKERS = [
    ("description", re.compile(r"^Beschrijving (?:van het )?werkproces:?")),
    ("competencies", re.compile(r"^Competenties:?$")),
    ("results", re.compile(r"^Resulta(?:at|ten):?$")),
    ("vakkennis", re.compile(r"^Vakkennis en vakvaardigheden:?$")),
    ("knowledge", re.compile(r"^Kennis van:?$")),
    ("skills", re.compile(r"^Vaardigheden:?$")),
    ("kerntaak", re.compile(r"^(?:Kerntaak \d+\b.*|Werkprocessen bij kerntaak \d+)$")),
]


def _core_section(doc: Document, key: str, heading: str, body: list[tuple[int, str]]) -> None:
    """One "3.n Kerntaak n …" section: its werkprocessen with their lists (state machine over
    the markers; a description waits for the werkproces heading that follows it)."""
    m = _CORE_SECTION.match(heading)
    number = m.group(2)
    known = {wp.number: wp for wp in doc.work_processes}
    if not any(ct.number == number for ct in doc.core_tasks):
        title = re.sub(r" Werkprocessen bij kerntaak \d+$", "", m.group(3))
        doc.core_tasks.append(CoreTask(number, title, 0, key))
    state: str | None = None
    current: WorkProcess | None = None
    buffer: list[tuple[int, str]] = []
    pending: list[str] = []
    heading_lines: list[str] = []

    def flush(next_marker: str | None) -> None:
        nonlocal pending
        if state == "description":
            if next_marker == "heading" or current is None or current.description:
                pending = [t for _, t in buffer]
            else:
                current.description = join_lines([t for _, t in buffer])
        elif state == "title" and current is not None and current.title == "":
            current.title = join_lines(heading_lines)
        elif state in ("competencies", "results", "knowledge", "skills") and current is not None:
            getattr(current, state).extend(_items(buffer))
        elif state is None:
            for n, text in buffer:
                if norm(text):
                    doc.leftovers.append(Leftover(key, n, norm(text), "text outside any werkproces part"))

    for n, raw in body:
        line = norm(raw)
        marker = next((name for name, rx in _MARKERS if rx.match(line)), None)
        wp = _WP_LINE.match(line) if marker is None else None
        if wp and wp.group(1) == number:
            marker = "heading"
        if marker is None:
            if state == "title" and line and not line.startswith("-"):
                heading_lines.append(line)
            else:
                buffer.append((n, raw))
            continue
        flush(marker)
        buffer = []
        state = marker
        if marker == "description":
            rest = norm(re.sub(r"^Beschrijving (?:van het )?werkproces:?", "", line))
            if rest:
                buffer.append((n, rest))
        elif marker == "heading":
            wp_number = f"{wp.group(1)}.{wp.group(2)}"
            current = known.get(wp_number)
            if current is None:
                current = WorkProcess(wp_number, "", n)
                doc.work_processes.append(current)
                known[wp_number] = current
            current.section = key
            current.line = current.line or n
            heading_lines = [wp.group(3)]
            if pending and not current.description:
                current.description = join_lines(pending)
            pending = []
            state = "title"
        elif marker in ("kerntaak", "vakkennis"):
            state = "skip"
    flush(None)
    if pending and current is not None and not current.description:
        current.description = join_lines(pending)


# ------------------------------------------------------------------ the whole document

def parse_text(text: str) -> Document:
    """Read ``text`` (a BCP as extracted from its PDF) into a :class:`Document`.

    Raises :class:`NotABcp` when the text has no kerntaken and werkprocessen, or names no occupation:
    such a text is refused, never turned into a half-empty profile.
    """
    lines, footers, title = _clean(text)
    doc = Document()
    found, bodies = _sections(lines)
    doc.sections = found
    if footers:
        doc.occupation, doc.year, doc.title_line = norm(footers[0][0]), footers[0][1], footers[0][2]
    elif m := re.match(r"^Beroepscompetentieprofiel (\S.+?)(?: \(?((?:19|20)\d\d)\)?)?$", title):
        doc.occupation, doc.year = m.group(1), m.group(2) or ""
    if "colofon" in bodies:
        _colophon(doc, bodies["colofon"])
    if not doc.year and doc.adoption_date:
        doc.year = str(doc.adoption_date.year)
    if "brondocumenten" in bodies:
        doc.sources = _items(bodies["brondocumenten"])
    if "1.1" in bodies:
        doc.job_titles = _job_titles(bodies["1.1"])
    if "1.2" in bodies:
        _attitudes(doc, bodies["1.2"])
    if "1.4" in bodies:
        _legislation(doc, bodies["1.4"])
    if "2" in bodies:
        _overview(doc, bodies["2"])
    for key in sorted((k for k in bodies if k.startswith("3.")), key=lambda k: int(k.split(".")[1])):
        _core_section(doc, key, found[key][0], bodies[key])
    if "1.3" in bodies:
        _careers(doc, bodies["1.3"])
    if not doc.work_processes or not doc.core_tasks:
        raise NotABcp("no kerntaken and werkprocessen found (a BCP has a chapter '2 Overzicht van kerntaken "
                      "en werkprocessen' or sections '3.n Kerntaak n …')")
    if not doc.occupation:
        raise NotABcp("no occupation found (a BCP names it in its running footer 'BCP <beroep> <jaar>' or "
                      "its title 'Beroepscompetentieprofiel <beroep>')")
    if not doc.year:
        raise NotABcp("no year found (in the running footer 'BCP <beroep> <jaar>' or the adoption date)")
    for key in ("1.1", "1.2", "1.3", "1.4", "2", "3", "colofon", "brondocumenten"):
        if key not in found:
            doc.leftovers.append(Leftover(key, 0, "", "section not found in the document"))
    doc.work_processes.sort(key=lambda wp: tuple(int(p) for p in wp.number.split(".")))
    doc.core_tasks.sort(key=lambda ct: int(ct.number))
    return doc


SAMPLE = """\
2 Overzicht van kerntaken en werkprocessen in het beroep
Kerntaak 1
Handelt vragen af
1.1 Handelt vragen af
3 Beschrijving van de kerntaken
3.1 Kerntaak 1 Handelt vragen af
Beschrijving werkproces:
De medewerker handelt vragen
af.

1.1 Handelt vragen af
Competenties:
- Op de behoeften en verwachtingen

van de 'klant' richten
Resultaat:
- Een adequate reactie.
Vakkennis en vakvaardigheden
Kennis van:
- producten en diensten van de organisatie
Vaardigheden:
- gesprekstechnieken
BCP Voorbeeldberoep 2011 7
"""
