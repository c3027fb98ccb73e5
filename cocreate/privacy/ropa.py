"""The record of processing activities (GDPR Art. 30), generated from the configuration and the registries.

Nothing in it is typed by hand: the categories of data are the registered evidence kinds and retention
categories, the participants' special-category attributes and the attributes an IMMERSE profile holds; the
purposes are the consent scopes and the purposes the firewall in force declares per project; the recipients
are the authorities of each project's firewall (`recipients.RECIPIENT_SOURCES`, which IMMERSE's web front
fills); the retention periods are `RETENTION_DAYS`; the safeguards are those the code applies.

`build(projects, retention_days)` gives a plain `Record` of translated texts (call it under the reader's
locale); the page renders it, and `docx_bytes` writes it as a .docx with header rows repeated on every page
and, for Arabic, right to left.
"""
import io
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.shared import Pt
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _

from handbook.document import repeat_header, right_to_left
from immerse_core.firewall import SPECIAL_CATEGORIES as FIREWALL_SPECIAL
from immerse_core.modules import ATTRIBUTES as PROFILE_ATTRIBUTES
from immerse_core.privacy import SMALL_CELL

from ..evidence.registry import EVIDENCE_KINDS
from ..i18n import text_direction
from ..participants.models import ConsentScope, StakeholderGroup
from ..participants.services import PROFILE_ATTRIBUTES as SPECIAL_ATTRIBUTES
from .recipients import disclosures
from .retention import RETENTION_CATEGORIES


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    headers: tuple
    rows: list = field(default_factory=list)  # tuples of texts, one per header


@dataclass(frozen=True)
class Record:
    title: str
    generated: str
    direction: str
    sections: list


def _action(action):
    return {"allow": _("released as it is"), "generalise": _("generalised"),
            "pseudonymise": _("pseudonymised (a key per authority)")}.get(action, action)


def _purposes(projects):
    rows = [(str(scope.label), _("Co-design of public services with the participants"),
             _("Consent of the participant to this scope, recorded with the version of the form"))
            for scope in ConsentScope]
    for project in projects:
        for disclosure in disclosures(project):
            rows.append((disclosure.purpose or _("Any purpose the authority declares"),
                         _("Disclosure to %(recipient)s through the IMMERSE firewall (project %(project)s)",
                           recipient=disclosure.recipient, project=project.name),
                         ", ".join(disclosure.requirements) or _("No requirement cited")))
    return Section(_("Purposes of processing"),
                   _("What the data is processed for, and what each purpose rests on."),
                   (_("Purpose"), _("Processing"), _("Based on")), rows)


def _subjects():
    rows = [(str(group.label), _("Participant, known only by a pseudonymous code")) for group in StakeholderGroup]
    rows.append((_("Staff"), _("Account holders: facilitators, researchers, administrators, officers")))
    return Section(_("Categories of data subjects"), _("Whose data the platform holds."),
                   (_("Data subjects"), _("How they are known")), rows)


def _categories():
    rows = [(str(kind.label), _("Evidence recorded in co-design activities"), _("No, ordinary data"))
            for kind in EVIDENCE_KINDS.values()]
    rows += [(_("Participant code, site, stakeholder group, languages"), _("Participant record"), _("No, ordinary data")),
             (_("Consent per scope, with its history"), _("Participant record"), _("No, ordinary data"))]
    from .services import ATTRIBUTE_LABELS

    rows += [(str(ATTRIBUTE_LABELS.get(name, name)), _("Participant profile, kept apart; used only in aggregates"),
              _("Yes (Art. 9)")) for name in SPECIAL_ATTRIBUTES]
    rows += [(name, _("IMMERSE profile"), _("Yes (Art. 9)") if name in FIREWALL_SPECIAL else _("No, ordinary data"))
             for name in PROFILE_ATTRIBUTES]
    rows.append((_("Name, e-mail address, role, sign-ins"), _("Staff account"), _("No, ordinary data")))
    return Section(_("Categories of personal data"),
                   _("From the evidence kinds, the participant record and profile, and the attributes an IMMERSE "
                     "profile holds."),
                   (_("Data"), _("Where it is kept"), _("Special category")), rows)


def _recipients(projects):
    rows = []
    for project in projects:
        for disclosure in disclosures(project):
            released = "; ".join(f"{attribute}: {_action(action)}" for attribute, action in disclosure.released)
            rows.append((project.name, disclosure.recipient, disclosure.purpose or _("Any purpose the authority "
                                                                                     "declares"), released))
    return Section(_("Recipients"),
                   _("The public authorities of the firewall configuration in force in each project, for each "
                     "declared purpose, and what they receive. Anything not listed is not released."),
                   (_("Project"), _("Recipient"), _("Purpose"), _("What it receives")), rows)


def _retention(retention_days):
    rows = []
    for name, category in sorted(RETENTION_CATEGORIES.items()):
        days = retention_days.get(name)
        period = (ngettext("%(num)d day from when it was recorded", "%(num)d days from when it was recorded", days)
                  if days
                  else _("No period set: kept until erased"))
        kind = EVIDENCE_KINDS.get(category.kind)
        rows.append((str(category.label), period, str(kind.label) if kind is not None else category.kind))
    return Section(_("Retention periods"),
                   _("Set in RETENTION_DAYS; what is past its period is deleted by the purge of expired data."),
                   (_("Data"), _("Kept for"), _("Deleted as")), rows)


def _safeguards(projects):
    scopes = ", ".join(str(scope.label) for scope in ConsentScope)
    rules = sum(len(disclosure.released) for project in projects for disclosure in disclosures(project))
    rows = [
        (_("Consent per scope"), _("Recorded per participant and scope (%(scopes)s), with the form version; a "
                                   "withdrawal is never undone.", scopes=scopes)),
        (_("Data firewall"), _("Deny by default: an authority receives only what a rule of its purpose releases "
                               "(%(rules)d attribute releases in force).", rules=rules)),
        (_("Small-count suppression"), _("Counts of people below %(threshold)d are shown as \"<%(threshold)d\" "
                                         "on every page, export and the handbook.", threshold=SMALL_CELL)),
        (_("Pseudonymisation"), _("Participants are known by codes; authorities receive a keyed pseudonym of "
                                  "their own; the audit log names participants by a keyed pseudonym.")),
        (_("Audit log"), _("Sign-ins, exports, consent changes, erasures and configuration changes are chained "
                           "by digests, so that a changed or deleted entry is detected.")),
        (_("Data-subject rights"), _("Export of a participant's own data, rectification and erasure, each "
                                     "recorded.")),
    ]
    return Section(_("Safeguards"), _("The technical and organisational measures the platform applies."),
                   (_("Safeguard"), _("How")), rows)


def build(projects, retention_days, *, today=None):
    """The record for `projects`, in the current locale."""
    language = str(get_locale() or "en")
    return Record(
        title=_("Record of processing activities"),
        generated=_("Generated on %(date)s from the configuration in force.",
                    date=format_date(today or date.today(), format="long")),
        direction=text_direction(language),
        sections=[_purposes(projects), _subjects(), _categories(), _recipients(projects),
                  _retention(retention_days or {}), _safeguards(projects)])


def docx_bytes(record):
    """The record as a .docx: a table per section, its header row repeated on every page."""
    doc = Document()
    doc.core_properties.title = record.title
    doc.add_heading(record.title, level=0)
    doc.add_paragraph(record.generated)
    for section in record.sections:
        doc.add_heading(section.title, level=1)
        doc.add_paragraph(section.intro)
        table = doc.add_table(rows=1, cols=len(section.headers))
        table.style = "Table Grid"
        header = table.rows[0]
        for cell, text in zip(header.cells, section.headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(str(text)).bold = True
        repeat_header(header)
        for row in section.rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = str(text)
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
    if record.direction == "rtl":
        right_to_left(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
