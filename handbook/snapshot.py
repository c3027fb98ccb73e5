"""The plain data a handbook is written from: frozen dataclasses, no database, no Flask.

The web app builds one `Snapshot` per build (cocreate/handbook_data.py), in the
language of the build: labels (methods, phases, stakeholder groups, priorities)
arrive already in that language.  Every count of people (who took part, who
answered, who consents) or of what they said (codes applied to their words)
is an `immerse_core.privacy.Count`, suppressed before it gets here: a count
below 5 is "<5" (a single excerpt can be a single person).  Counts of anything
else (sessions, workshops, pilot sites and stakeholder groups behind a
requirement or a theme) are plain numbers: 3 pilot sites are 3.  A snapshot holds no participant code and no special-category
value, so nothing written from it can.
"""
from dataclasses import dataclass, field
from datetime import date

from immerse_core.privacy import Count


@dataclass(frozen=True)
class Project:
    slug: str
    name: str
    description: str = ""
    start_date: date | None = None
    end_date: date | None = None


@dataclass(frozen=True)
class GroupCount:
    """How many people of one stakeholder group took part (suppressed)."""

    group: str
    count: Count


@dataclass(frozen=True)
class Site:
    code: str
    city: str
    country: str                      # the country's name in the build's language
    languages: tuple[str, ...] = ()   # names of the languages spoken there
    partner_organisation: str = ""
    public_partner: str = ""
    groups: tuple[GroupCount, ...] = ()

    @property
    def name(self):
        return f"{self.city} ({self.country})" if self.country else self.city


@dataclass(frozen=True)
class Method:
    """A method of the methods library and how often it was used at each site."""

    key: str
    name: str
    purpose: str = ""
    steps: str = ""
    sessions: tuple[tuple[str, int], ...] = ()  # (site code, sessions): not people, a plain number


@dataclass(frozen=True)
class Workshop:
    site_code: str
    title: str
    phase: str
    date: date
    methods: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    objectives: str = ""
    attendance: Count = Count(0)


@dataclass(frozen=True)
class CodeFrequency:
    """How often a code of the codebook was applied, in all and per site (suppressed)."""

    code: str
    total: Count
    by_site: tuple[tuple[str, Count], ...] = ()


@dataclass(frozen=True)
class CoOccurrence:
    code_a: str
    code_b: str
    count: Count


@dataclass(frozen=True)
class Quote:
    """Words a participant consented to see published: never who said them."""

    theme: str
    text: str
    language: str = ""      # the language's name
    translation: str = ""


@dataclass(frozen=True)
class ResultRow:
    label: str
    count: Count
    percent: float | None = None


@dataclass(frozen=True)
class QuestionFinding:
    label: str
    answered: Count
    rows: tuple[ResultRow, ...] = ()
    mean: float | None = None
    median: float | None = None
    sus_mean: float | None = None


@dataclass(frozen=True)
class SurveyFinding:
    title: str
    site_code: str | None
    responses: Count
    questions: tuple[QuestionFinding, ...] = ()


@dataclass(frozen=True)
class InstrumentQuestion:
    label: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstrumentSection:
    title: str
    questions: tuple[InstrumentQuestion, ...] = ()


@dataclass(frozen=True)
class SurveyInstrument:
    """A survey as it was fielded, in its source language."""

    title: str
    source_language: str    # the language's name
    sections: tuple[InstrumentSection, ...] = ()


@dataclass(frozen=True)
class Requirement:
    identifier: str
    title: str
    type: str
    priority: str
    status: str
    site_codes: tuple[str, ...] = ()
    evidence_items: Count = Count(0)  # what people said: suppressed
    evidence_sites: int = 0           # the pilot sites and stakeholder groups behind it: not people
    evidence_groups: int = 0


@dataclass(frozen=True)
class TaskSuccess:
    """How often the first tap of one task hit its target in a version (no rate below 5 attempts)."""

    prompt: str
    attempts: Count
    rate: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class PrototypeVersion:
    number: int
    note: str = ""
    respondents: Count = Count(0)
    sus_n: Count = Count(0)
    sus_mean: float | None = None
    sus_low: float | None = None
    sus_high: float | None = None
    tasks: tuple[TaskSuccess, ...] = ()


@dataclass(frozen=True)
class VersionChange:
    """How one measure moved from a version to the next, in plain words."""

    before: int
    after: int
    measure: str
    verdict: str


@dataclass(frozen=True)
class Prototype:
    title: str
    site_code: str | None = None
    versions: tuple[PrototypeVersion, ...] = ()
    changes: tuple[VersionChange, ...] = ()


@dataclass(frozen=True)
class ConfigurationItem:
    """An IMMERSE configuration item in force and the requirements behind it (identifier, title)."""

    key: str
    module: str                 # the module's name in the build's language
    description: str = ""
    requirements: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MatrixTable:
    """The traceability matrix as plain cells: its count of evidence items suppressed, its pilot sites and
    stakeholder groups (not people) as they are."""

    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Reflection:
    """What facilitators wrote after a workshop: staff text, with no participant code in it."""

    site_code: str
    workshop: str
    date: date
    what_worked: str = ""
    what_did_not: str = ""
    adaptations: str = ""


@dataclass(frozen=True)
class ConsentScope:
    """A scope of the consent form and how many participants consent to it now (suppressed)."""

    name: str
    consenting: Count


@dataclass(frozen=True)
class Scope:
    """What a build covers: the whole project, one site, a date range."""

    site_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Barrier:
    """A theme of the codebook found in a country, with its evidence strength: the excerpts coded with it
    (what people said: suppressed), and the pilot sites and stakeholder groups they came from."""

    theme: str
    excerpts: Count
    sites: int = 0
    groups: int = 0


@dataclass(frozen=True)
class Recommendation:
    """A recommendation the project team wrote for a country, in the language it was written in."""

    text: str
    language: str = ""                      # the language's name
    themes: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()      # identifiers


@dataclass(frozen=True)
class Country:
    """A pilot country of the policy brief: the barriers found at its sites, the requirements they led to and
    the team's recommendations, in their order."""

    code: str
    name: str
    site_codes: tuple[str, ...] = ()
    barriers: tuple[Barrier, ...] = ()
    requirements: tuple[str, ...] = ()      # identifiers of `Snapshot.requirements`
    recommendations: tuple[Recommendation, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    project: Project
    language: str
    made_on: date
    scope: Scope = field(default_factory=Scope)
    sites: tuple[Site, ...] = ()
    methods: tuple[Method, ...] = ()
    workshops: tuple[Workshop, ...] = ()
    participants: Count = Count(0)
    responses: Count = Count(0)
    frequencies: tuple[CodeFrequency, ...] = ()
    co_occurrences: tuple[CoOccurrence, ...] = ()
    quotes: tuple[Quote, ...] = ()
    surveys: tuple[SurveyFinding, ...] = ()
    instruments: tuple[SurveyInstrument, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    consent_scopes: tuple[ConsentScope, ...] = ()
    prototypes: tuple[Prototype, ...] = ()
    configuration: tuple[ConfigurationItem, ...] = ()
    matrix: MatrixTable = field(default_factory=MatrixTable)
    reflections: tuple[Reflection, ...] = ()
    countries: tuple[Country, ...] = ()

    def workshops_at(self, site_code):
        return tuple(w for w in self.workshops if w.site_code == site_code)

    def requirement(self, identifier):
        return next((r for r in self.requirements if r.identifier == identifier), None)

    @property
    def rtl(self):
        return self.language.split("_")[0] in RTL_LANGUAGES


RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
