"""A small reader for the seed text, so tests can check the graph against the source itself.

The seed is the BCP "Contactcenter medewerker" (ECABO 2010) as extracted from its PDF. This
module knows the document's headings and list conventions, never the answers: every value it
returns is read from the text. It uses no RDF library, so it cannot share a mistake with the code
that wrote the graph.

Two helpers are shared with the tests, which apply them to graph labels too:

- :func:`norm` makes strings comparable (whitespace, quote characters);
- :func:`join_lines` repairs a text that the PDF wrapped over several lines.

Known limits of the text, and what this reader does about them:

- In section 3 each "Beschrijving werkproces:" block comes *before* the number/title line of the
  werkproces it describes; a description is therefore held until the next werkproces heading.
- List items wrap ("- Op de behoeften en verwachtingen" / "van de 'klant' richten"); a line that
  does not start with "-" continues the item above it.
- A line ending in "-" is joined without a space when the next line starts with a lower-case
  word that is not a conjunction (PDF hyphenation) or with punctuation ("product-" +
  "/dienstenassortiment"); before "en"/"of" the hyphen is a Dutch elision and a space is kept
  ("diensten-" + "en organisatiekennis"). Hyphenated compounds split at their hyphen would be
  joined wrongly; the sections read here contain none.
- An elision hyphen after a slash is followed by a space once ("verkoopproces/- gesprek"), a
  layout artefact: within a list item "/- " before a lower-case word becomes "/-".
- Lists (competencies, results, knowledge, skills) are returned in the seed's order, which is
  not the national order of the competencies.

>>> seed = parse(SAMPLE)
>>> [(t.number, t.title) for t in seed.core_tasks]
[('1', 'Bouwt relaties op en onderhoudt ze')]
>>> wp = seed.work_processes[0]
>>> wp.number, wp.title, wp.core_task
('1.1', 'Handelt klantvragen af', '1')
>>> wp.competencies
["Op de behoeften en verwachtingen van de 'klant' richten", 'Kwaliteit leveren']
>>> wp.description
'De medewerker handelt product-, diensten- en organisatievragen af.'
>>> wp.results, wp.knowledge, wp.skills
(['Een adequate reactie.'], ['producten en diensten van de organisatie'], ['gesprekstechnieken'])
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "norm", "variant_key", "role_key", "join_lines", "list_items", "parse", "read", "seed_path",
    "Seed", "CoreTask", "WorkProcess", "Person", "Adoption", "CareerStep", "SEED_NAME",
]

SEED_NAME = "bcp-contactcenter-medewerker-2010.txt"

# ------------------------------------------------------------------ normalisation

# Every single or double quote mark, curly or straight, becomes the ASCII apostrophe.
_QUOTE_MARKS = "\u2018\u2019\u201a\u201b\u2032`\u00b4\"\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_QUOTES = str.maketrans({c: "'" for c in _QUOTE_MARKS})
_CONJUNCTIONS = {"en", "of", "en/of"}
_ARTICLES = ("de ", "het ", "een ")


def norm(text: str) -> str:
    """Unicode NFC, every quote mark as ``'``, runs of whitespace as one space, no outer space.

    >>> norm("Op de  behoeften\\nvan de \u2018klant\u2019 richten ")
    "Op de behoeften van de 'klant' richten"
    >>> norm('van de "klant" richten') == norm("van de \u2018klant\u2019 richten")
    True
    """
    text = unicodedata.normalize("NFC", str(text)).translate(_QUOTES)
    return " ".join(text.split())


def variant_key(text: str) -> str:
    """A key under which spelling variants of one item meet: letters and digits only, lower case.

    >>> variant_key("telefoon- en emailetiquette toepassen") == variant_key(
    ...     "telefoon- en e-mail etiquette toepassen")
    True
    """
    return "".join(c for c in norm(text).casefold() if c.isalnum())


def role_key(text: str) -> str:
    """A role name reduced for matching: lower case, no parentheses, no leading article.

    >>> role_key("een commerciële binnendienstfunctie"), role_key("(junior) Accountmanager")
    ('commerciële binnendienstfunctie', 'junior accountmanager')
    """
    text = norm(text).casefold().replace("(", "").replace(")", "")
    text = " ".join(text.split())
    for article in _ARTICLES:
        if text.startswith(article):
            text = text[len(article):]
    return text


def join_lines(lines: list[str]) -> str:
    """Join lines that the PDF wrapped, repairing hyphenation (see the module docstring).

    >>> join_lines(["het product-", "/dienstenassortiment."])
    'het product-/dienstenassortiment.'
    >>> join_lines(["product-, diensten- ", "en organisatiekennis"])
    'product-, diensten- en organisatiekennis'
    >>> join_lines(["Vereniging van onafhan-", "kelijke bureaus", "", "  verder"])
    'Vereniging van onafhankelijke bureaus verder'
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
            elif line[0].islower() and first not in _CONJUNCTIONS:
                out = out[:-1] + line
            else:
                out += " " + line
        else:
            out += " " + line
    return out


_ELISION_SPACE = re.compile(r"/- (?=[a-z])")


def list_items(lines: list[str]) -> list[str]:
    """The "- item" entries in ``lines``; a line not starting with "-" continues the item above.

    Blank lines are skipped; text before the first "-" is ignored; a trailing ";" is dropped.

    >>> list_items(["- Ondernemend en commercieel", "", "handelen ", "-  Kwaliteit leveren"])
    ['Ondernemend en commercieel handelen', 'Kwaliteit leveren']
    >>> list_items(["- stappen in het verkoopproces/- gesprek"])
    ['stappen in het verkoopproces/-gesprek']
    """
    items: list[list[str]] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line.startswith("-"):
            items.append([line[1:]])
        elif items:
            items[-1].append(line)
    return [_ELISION_SPACE.sub("/-", join_lines(parts)).rstrip(";").rstrip() for parts in items]


# ------------------------------------------------------------------ what the seed holds


@dataclass(frozen=True)
class CoreTask:
    number: str
    title: str


@dataclass
class WorkProcess:
    number: str
    title: str  # from the chapter-2 overview
    title_ch3: str = ""  # the heading in chapter 3, for a consistency check
    description: str = ""
    competencies: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    knowledge: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)

    @property
    def core_task(self) -> str:
        """The number of the kerntaak: the part of the werkproces number before the dot."""
        return self.number.split(".")[0]


@dataclass(frozen=True)
class Person:
    title: str  # Mw., Dhr., Mevr.
    initials: str  # "J.E."
    surname: str  # with its particles: "van de Star"

    @property
    def name(self) -> str:
        return f"{self.initials} {self.surname}"


@dataclass(frozen=True)
class Adoption:
    body: str
    date: dt.date
    place: str


@dataclass(frozen=True)
class CareerStep:
    """One career step as section 1.3 states it.

    ``direction`` is ``vertical``/``horizontal`` (within the contact centre) or ``outside``.
    ``to_role`` is ``None`` where the text names no role ("andersoortige en complexere
    projecten", "aanverwante functies"); ``phrase`` then holds what it does name.
    """

    direction: str
    from_role: str
    to_role: str | None
    phrase: str


@dataclass
class Seed:
    occupation: str = ""
    core_tasks: list[CoreTask] = field(default_factory=list)
    work_processes: list[WorkProcess] = field(default_factory=list)
    core_task_titles_ch3: dict[str, str] = field(default_factory=dict)
    job_titles: list[str] = field(default_factory=list)
    attitudes: list[str] = field(default_factory=list)
    legislation: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    adoption: Adoption | None = None
    persons: list[Person] = field(default_factory=list)
    #: "Geraadpleegde praktijkdeskundigen en organisaties": the column "Werkzaam bij /
    #: organisatie", one entry per expert, in seed order (an organisation may recur).
    consulted: list[str] = field(default_factory=list)
    career_steps: list[CareerStep] = field(default_factory=list)
    #: Steps that only the "ladder" reading of a "kan doorgroeien naar ... A en B" sentence adds
    #: (A -> B); the literal reading has from -> A and from -> B only.
    ladder_steps: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""

    def work_process(self, number: str) -> WorkProcess:
        return next(wp for wp in self.work_processes if wp.number == number)


# ------------------------------------------------------------------ parsing

_MONTHS = {m: i for i, m in enumerate(
    ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
     "oktober", "november", "december"), start=1)}
_TITLES = ("Mw.", "Dhr.", "Mevr.")
_PARTICLES = {"de", "van", "der", "den", "ter", "te", "ten", "het", "'t", "la", "le", "von"}
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.)+$")


def _find(lines: list[str], test, start: int = 0) -> int | None:
    """Index of the first stripped line from ``start`` for which ``test`` is true, else None."""
    for i in range(start, len(lines)):
        if test(lines[i].strip()):
            return i
    return None


def _starts(prefix: str):
    return lambda line: line.startswith(prefix)


def _block_until_blank(lines: list[str], start: int) -> list[str]:
    out = []
    for line in lines[start:]:
        if not line.strip():
            break
        out.append(line)
    return out


def _split_roles(text: str) -> list[str]:
    """Split "a, b, c en d" into items; an "en"/"of" after a hyphen ("bank- en") is no separator.

    >>> _split_roles("(junior) Accountmanager of Commercieel medewerker bank- en verzekeringswezen")
    ['(junior) Accountmanager', 'Commercieel medewerker bank- en verzekeringswezen']
    """
    parts = [p.strip() for p in text.split(",")]
    last = re.split(r"(?<!-) (?:en|of) ", parts.pop())
    return [p.strip() for p in parts + last if p.strip()]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=\.)\s+(?=[A-Z(])", text) if s.strip()]


def _careers(lines: list[str], occupation: str) -> tuple[list[CareerStep], list[tuple[str, str]]]:
    """Career steps from section 1.3, and the steps only a "ladder" reading would add.

    Under "Binnen contactcenters:" a sentence is horizontal or vertical by its own wording; all
    under "Buiten contactcenters:" is outside. "X kan doorgroeien naar de functie van A, B en C"
    gives X -> A, X -> B, X -> C; "..., zoals A, B of C" gives occupation -> each; a sentence
    naming no role gives one step without a role. Where X is not the occupation itself (the
    "(junior) Accountmanager" sentence), "A en B" may also be read as the ladder X -> A -> B:
    A -> B is returned separately, as what that reading adds.
    """
    within = _find(lines, _starts("Binnen contactcenters:"))
    outside = _find(lines, _starts("Buiten contactcenters:"), within or 0)
    if within is None or outside is None:
        return [], []
    blocks = {"within": join_lines(lines[within + 1:outside]),
              "outside": join_lines(lines[outside + 1:])}
    steps: list[CareerStep] = []
    ladder: list[tuple[str, str]] = []
    for block, text in blocks.items():
        for sentence in _sentences(text):
            sentence = sentence.rstrip(".")
            if block == "outside":
                direction = "outside"
            elif "horizonta" in sentence:
                direction = "horizontal"
            elif "vertica" in sentence:
                direction = "vertical"
            else:
                continue
            if " kan doorgroeien naar de functie van " in sentence:
                subject, roles = sentence.split(" kan doorgroeien naar de functie van ")
                subject = subject.rsplit(":", 1)[-1].strip()
                if subject.lower().startswith(_ARTICLES):
                    subject = subject.split(" ", 1)[1]
                from_role = occupation if role_key(subject) == role_key(occupation) else subject
                for item in _split_roles(roles):
                    # A plural "... functies" names a kind of role, not a role.
                    if item.split()[-1] == "functies":
                        steps.append(CareerStep(direction, from_role, None, item))
                    else:
                        steps.append(CareerStep(direction, from_role, item, item))
                items = _split_roles(roles)
                if from_role != occupation and len(items) > 1:
                    ladder += list(zip(items, items[1:], strict=False))
            elif " zoals " in sentence:
                for item in _split_roles(sentence.split(" zoals ", 1)[1]):
                    steps.append(CareerStep(direction, occupation, item, item))
            else:
                # "... liggen voornamelijk in andersoortige en complexere projecten": no role.
                match = re.search(r"\bin (.+)$", sentence)
                steps.append(CareerStep(direction, occupation, None,
                                        match.group(1) if match else sentence))
    return steps, ladder


def _persons(lines: list[str]) -> list[Person]:
    persons = []
    for i, raw in enumerate(lines):
        tokens = raw.strip().split()
        if not tokens or tokens[0] not in _TITLES:
            continue
        rest = tokens[1:]
        j = i + 1
        while all(_INITIALS.match(t) for t in rest) and j < len(lines):
            rest += lines[j].split()  # the name wrapped onto the next line
            j += 1
        initials = []
        while rest and _INITIALS.match(rest[0]):
            initials.append(rest.pop(0))
        surname = []
        while rest and rest[0] in _PARTICLES:
            surname.append(rest.pop(0))
        if rest:
            surname.append(rest.pop(0))
        persons.append(Person(tokens[0], "".join(initials), " ".join(surname)))
    return persons


def _consulted(lines: list[str]) -> list[str]:
    """The "Werkzaam bij / organisatie" column of the consulted-experts table, one per row.

    A row starts with a person ("Mw. J. Beck Achmea"); the rest of that line and the lines up
    to the next row are the organisation, wrapped ("Stichting Opleidings- &" / "Ontwikkelingsfonds
    Call" / "Centers (OOCC)"). A name alone on its line ("Dhr. E. Kruize") has its organisation
    below it.
    """
    start = _find(lines, _starts("Naam Werkzaam bij / organisatie"))
    end = _find(lines, _starts("Sectorraad Commercieel"), start or 0)
    if start is None or end is None:
        return []
    rows: list[list[str]] = []
    for raw in lines[start + 1:end]:
        line = raw.strip()
        person = _persons([line])
        if person:
            p = person[0]
            rows.append([line[len(f"{p.title} {p.initials} {p.surname}"):]])
        elif rows:
            rows[-1].append(line)
    return [join_lines(parts) for parts in rows]


def _section_three(lines: list[str], seed: Seed) -> None:
    numbers = {wp.number for wp in seed.work_processes}
    heading = re.compile(r"^(\d+\.\d+) (.+)$")
    kerntaak = re.compile(
        r"^(?:\d+\.\d+ )?Kerntaak (\d+) (.+?)(?: Werkprocessen bij kerntaak \d+)?$")
    state, current, buffer = None, None, []
    pending_description: list[str] = []

    def flush() -> None:
        if current is None or state is None:
            return
        if state == "title":
            current.title_ch3 = join_lines([current.title_ch3, *buffer])
        elif state in ("competencies", "results", "knowledge", "skills"):
            setattr(current, state, list_items(buffer))

    for raw in lines:
        line = raw.strip()
        h = heading.match(line)
        k = kerntaak.match(line)
        marker = None
        if line.startswith("Beschrijving werkproces:"):
            marker = "description"
        elif h and h.group(1) in numbers and not k:
            marker = "heading"
        elif k or line.startswith("Werkprocessen bij kerntaak"):
            marker = "kerntaak"
        elif line.startswith("Competenties:"):
            marker = "competencies"
        elif line.startswith("Resultaat:"):
            marker = "results"
        elif line.startswith("Vakkennis en vakvaardigheden"):
            marker = "vakkennis"
        elif line.startswith("Kennis van:"):
            marker = "knowledge"
        elif line.startswith("Vaardigheden:"):
            marker = "skills"
        if marker is None:
            if state == "description":
                pending_description.append(line)
            elif state is not None:
                buffer.append(line)
            continue
        flush()
        buffer = []
        state = marker
        if marker == "description":
            pending_description = []
        elif marker == "heading":
            current = seed.work_process(h.group(1))
            current.title_ch3 = h.group(2)
            current.description = join_lines(pending_description)
            pending_description = []
            state = "title"
        elif marker == "kerntaak":
            if k:
                seed.core_task_titles_ch3.setdefault(k.group(1), k.group(2).strip())
            state = None
        elif marker == "vakkennis":
            state = None
    flush()


def parse(text: str) -> Seed:
    """Everything the tests need from the seed text (see :class:`Seed`).

    A part whose heading is missing is left empty, so excerpts parse too (see the module doctest).
    """
    lines = text.splitlines()
    seed = Seed(text=text)

    def find(prefix: str, start: int = 0) -> int | None:
        return _find(lines, _starts(prefix), start)

    footer = re.search(r"^BCP (.+?) (\d{4})\b", text, re.MULTILINE)
    seed.occupation = norm(footer.group(1)) if footer else ""

    # Colophon: the adoption, and the personal names (which the graph must not contain).
    found = {}
    for line in lines:
        key, _, value = line.strip().partition(":")
        if key in ("Vastgesteld door", "Op", "Te") and value.strip():
            found.setdefault(key, norm(value))
    if len(found) == 3:
        day, month, year = found["Op"].split()
        date = dt.date(int(year), _MONTHS[month.lower()], int(day))
        seed.adoption = Adoption(found["Vastgesteld door"], date, found["Te"])
    seed.persons = _persons(lines)
    seed.consulted = _consulted(lines)

    # Sources: "- ..." items after "Brondocumenten/bronnen", up to the bare URLs.
    if (start := find("Brondocumenten/bronnen")) is not None:
        end = _find(lines, lambda s: s.startswith("http") or s.startswith("1 Algemene"), start)
        seed.sources = list_items(lines[start + 1:end])

    # 1.1 Job titles: one or more per line, separated by commas.
    if (start := find("1.1 Mogelijke functiebenamingen")) is not None:
        end = find("1.2 ", start)
        seed.job_titles = [norm(t) for line in lines[start + 1:end]
                           for t in line.split(",") if norm(t)]

    # 1.2 Attitudes: the list after "Typerende beroepshouding ... moet:".
    if (start := find("Typerende beroepshouding")) is not None:
        seed.attitudes = [a.rstrip(".") for a in list_items(_block_until_blank(lines, start + 1))]

    # 1.3 Careers.
    if (start := find("1.3 Loopbaanperspectief")) is not None:
        end = find("1.4 ", start)
        seed.career_steps, seed.ladder_steps = _careers(lines[start + 1:end], seed.occupation)

    # 1.4 Legislation: "Wetgeving en regelgeving - item" and the "- item" lines below it.
    if (start := find("Wetgeving en regelgeving")) is not None:
        first = lines[start].strip()[len("Wetgeving en regelgeving"):]
        seed.legislation = list_items([first, *_block_until_blank(lines, start + 1)])

    # 2 Overview: "Kerntaak n" with its title on the next line, then "n.m title" lines.
    start = find("2 Overzicht van kerntaken")
    end = find("3 Beschrijving van de kerntaken")
    if start is None or end is None:
        return seed
    chapter = [line.strip() for line in lines[start:end] if line.strip()]
    for i, line in enumerate(chapter):
        if m := re.fullmatch(r"Kerntaak (\d+)", line):
            seed.core_tasks.append(CoreTask(m.group(1), norm(chapter[i + 1])))
        elif m := re.fullmatch(r"(\d+\.\d+) (.+)", line):
            seed.work_processes.append(WorkProcess(m.group(1), norm(m.group(2))))

    # 3 Descriptions, competencies, results, knowledge and skills per werkproces.
    _section_three(lines[end:], seed)
    return seed


def seed_path() -> Path | None:
    """Where the seed text is: $BCPGRAPH_SEED, a copy in the repository, or the shared folder."""
    if os.environ.get("BCPGRAPH_SEED"):
        return Path(os.environ["BCPGRAPH_SEED"])
    repo = Path(__file__).resolve().parent.parent
    for candidate in (repo / "seed" / SEED_NAME, repo / "tests" / "seed" / SEED_NAME,
                      repo.parent / "shared" / "seed" / SEED_NAME, Path("/work/shared/seed") / SEED_NAME):
        if candidate.is_file():
            return candidate
    return None


def domain_path() -> Path | None:
    """DOMAIN.md, which sits beside the seed folder in the shared folder."""
    seed = seed_path()
    candidate = seed.parent.parent / "DOMAIN.md" if seed else None
    return candidate if candidate and candidate.is_file() else None


def read(path: str | Path | None = None) -> Seed:
    """Parse the seed text at ``path`` (default: :func:`seed_path`)."""
    path = Path(path) if path is not None else seed_path()
    if path is None:
        raise FileNotFoundError(f"seed text {SEED_NAME} not found; set BCPGRAPH_SEED")
    return parse(path.read_text(encoding="utf-8"))


SAMPLE = """\
2 Overzicht van kerntaken en werkprocessen in het beroep
Kerntaak 1
Bouwt relaties op en onderhoudt ze
 1.1 Handelt klantvragen af
 3 Beschrijving van de kerntaken
3.1 Kerntaak 1 Bouwt relaties op en onderhoudt ze
Beschrijving werkproces:
De medewerker handelt product-, diensten-
en organisatievragen af.

 1.1 Handelt
klantvragen af
Competenties:
- Op de behoeften en verwachtingen

van de \u2018klant\u2019 richten
- Kwaliteit leveren
Resultaat:
- Een adequate reactie.
Vakkennis en vakvaardigheden
Kennis van:
- producten en diensten van de organisatie
Vaardigheden:
- gesprekstechnieken
"""
"""A tiny excerpt in the seed's layout, for the doctests of :func:`parse`."""


if __name__ == "__main__":  # print what the reader finds, for a human check
    import pprint

    pprint.pprint(read(), width=110)
