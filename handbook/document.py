"""The handbook as a Word document: one function per chapter, written with python-docx.

`build(snapshot, out, translations)` writes the whole document.  A chapter
whose data does not exist says so in one line.  The same snapshot gives the
same bytes: the document's dates come from the snapshot and every part of the
package is stored with one fixed time stamp.
"""
import io
import zipfile
from datetime import datetime, time, timezone
from pathlib import Path

from babel.lists import format_list
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

from . import figures
from .text import words


class HandbookError(ValueError):
    """Something a person asked for cannot be built (a template that is not a .docx)."""


ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CHAPTERS = ("title", "contents", "summary", "approach", "sites", "themes", "surveys", "prototypes", "requirements",
            "configuration", "lessons", "ethics", "appendix", "matrix")


def build(snapshot, out, translations, *, template=None, progress=None):
    """Write the handbook of `snapshot` to `out` (a path or a binary file); `progress(title)` per chapter."""
    w = words(translations)
    doc = _open(template)
    writer = _Writer(doc, snapshot, w, translations)
    for name in CHAPTERS:
        title = globals()[f"chapter_{name}"](writer)
        if progress is not None:
            progress(title)
    _properties(doc, snapshot, w)
    if snapshot.rtl:
        right_to_left(doc)
    _update_fields_on_open(doc)
    _save(doc, out)


# --- opening and saving -------------------------------------------------------

def _open(template):
    if template is None:
        return Document()
    path = Path(template)
    if not path.is_file():
        raise HandbookError(f"The template {path} does not exist.")
    if not zipfile.is_zipfile(path):
        raise HandbookError(f"The template {path} is not a Word document (.docx).")
    with zipfile.ZipFile(path) as package:
        if "word/document.xml" not in package.namelist():
            raise HandbookError(f"The template {path} is not a Word document (.docx).")
    try:
        doc = Document(str(path))
    except Exception as error:  # python-docx says little more than "not a Word file"
        raise HandbookError(f"The template {path} is not a Word document (.docx): {error}") from error
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def _properties(doc, snapshot, w):
    props = doc.core_properties
    moment = datetime.combine(snapshot.made_on, time(0, 0), tzinfo=timezone.utc).replace(tzinfo=None)
    props.title = f"{snapshot.project.name}: {w.handbook}"
    props.subject = w.subject
    props.author = snapshot.project.name
    props.last_modified_by = snapshot.project.name
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1
    props.language = snapshot.language
    props.keywords = ""
    props.comments = ""


def _update_fields_on_open(doc):
    settings = doc.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        settings.append(update)
    update.set(qn("w:val"), "true")


def right_to_left(doc):
    """Arabic: every paragraph, run, table and section reads right to left."""
    body = doc.element.body
    for paragraph in body.iter(qn("w:p")):
        ppr = paragraph.get_or_add_pPr()
        if ppr.find(qn("w:bidi")) is None:
            ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for run in body.iter(qn("w:r")):
        rpr = run.get_or_add_rPr()
        if rpr.find(qn("w:rtl")) is None:
            rpr.append(OxmlElement("w:rtl"))
    for table in body.iter(qn("w:tbl")):
        tblpr = table.tblPr
        if tblpr.find(qn("w:bidiVisual")) is None:
            tblpr.insert_element_before(OxmlElement("w:bidiVisual"), *_AFTER_BIDI_VISUAL)
    for section in body.iter(qn("w:sectPr")):
        if section.find(qn("w:bidi")) is None:
            section.append(OxmlElement("w:bidi"))


# Schema order of the elements that follow w:bidi in w:pPr, and w:bidiVisual in w:tblPr.
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
               "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_BIDI_VISUAL = ("w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing",
                      "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                      "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _save(doc, out):
    """Save with every part dated ZIP_TIME, so that two builds of one snapshot are the same bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    data = fixed.getvalue()
    if hasattr(out, "write"):
        out.write(data)
    else:
        Path(out).write_bytes(data)


# --- the writer: what every chapter uses --------------------------------------

class _Writer:
    def __init__(self, doc, snapshot, w, translations):
        self.doc, self.s, self.w, self.t = doc, snapshot, w, translations
        self._style_ids = {}

    def join(self, items):
        """A list in the build's language ("A, B and C", "أ وب وج"); a dash when empty."""
        items = [str(item) for item in items]
        return format_list(items, locale=self.s.language) if items else "—"

    def style_id(self, name):
        """The id of the style called `name` in the document (or template), None when it has none.

        Looked up once per name: python-docx scans every style at each assignment by name."""
        if name not in self._style_ids:
            try:
                self._style_ids[name] = self.doc.styles[name].style_id
            except KeyError:
                self._style_ids[name] = None
        return self._style_ids[name]

    def heading(self, text, level=1):
        style = self.style_id(f"Heading {level}")
        if style is None:
            raise HandbookError(f"The template has no style “Heading {level}”.")
        return self.para(text, style=f"Heading {level}")

    def para(self, text="", style=None):
        paragraph = self.doc.add_paragraph(text)
        if style is not None and self.style_id(style) is not None:
            paragraph._p.style = self.style_id(style)  # a template without this style: the normal one
        return paragraph

    def none(self, text):
        """The one line a chapter says when its data does not exist."""
        paragraph = self.para(text)
        paragraph.runs[0].italic = True
        return paragraph

    def table(self, headers, rows, *, widths=None):
        table = self.doc.add_table(rows=1, cols=len(headers))
        if self.style_id("Table Grid") is not None:
            table._tbl.tblPr.style = self.style_id("Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        repeat_header(header)
        for cell, text in zip(header.cells, headers):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(text))
            run.bold = True
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values):
                cell.text = str(value)
        if widths:
            for row in table.rows:
                for cell, width in zip(row.cells, widths):
                    cell.width = Inches(width)
        self.para()
        return table

    def figure(self, png, *, alt, caption):
        self.doc.add_picture(io.BytesIO(png), width=Inches(6))
        picture = self.doc.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for doc_pr in picture._p.iter(qn("wp:docPr")):
            doc_pr.set("descr", alt)
            doc_pr.set("title", caption)
        self.para(f"{self.w.figure}: {caption}", style="Caption")

    def page_break(self):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _day(value):
    return value.isoformat() if value else ""


def _percent(value):
    return "" if value is None else f"{value:g}%"


def _number(value):
    return "" if value is None else f"{value:.1f}"


# --- chapters -----------------------------------------------------------------

def chapter_title(writer):
    s, w = writer.s, writer.w
    for _ in range(6):
        writer.para()
    writer.para(s.project.name, style="Title")
    writer.para(w.handbook, style="Subtitle")
    writer.para(_scope_line(s, w))
    writer.para(w.made_on % {"date": s.made_on.isoformat()})
    writer.page_break()
    return w.handbook


def _scope_line(s, w):
    parts = []
    if s.scope.site_code:
        site = next((site for site in s.sites if site.code == s.scope.site_code), None)
        parts.append(w.site_scope % {"site": site.name if site else s.scope.site_code})
    else:
        parts.append(w.whole_project)
    start, end = s.scope.date_from, s.scope.date_to
    if start and end:
        parts.append(w.period % {"start": start.isoformat(), "end": end.isoformat()})
    elif start:
        parts.append(w.since % {"start": start.isoformat()})
    elif end:
        parts.append(w.until % {"end": end.isoformat()})
    return " · ".join(parts)


def chapter_contents(writer):
    """A Word TOC field (levels 1–3, hyperlinked) that Word fills in when the document opens."""
    w = writer.w
    writer.para(w.contents, style="TOC Heading")
    paragraph = writer.doc.add_paragraph()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-3" \\h \\z \\u'), ("separate", None),
                       ("text", w.toc_placeholder), ("end", None)):
        run = paragraph.add_run()
        if kind == "text":
            run.text = text
        elif kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                char.set(qn("w:dirty"), "true")
            run._r.append(char)
    writer.page_break()
    return w.contents


def chapter_summary(writer):
    s, w = writer.s, writer.w
    writer.heading(w.summary)
    writer.para(w.summary_intro)
    writer.heading(w.key_figures, 2)
    writer.table((w.measure, w.value), [
        (w.sites_label, writer.join(site.name for site in s.sites)),
        (w.workshops_label, str(len(s.workshops))),
        (w.participants_label, s.participants),
        (w.methods_label, writer.join(m.name for m in s.methods)),
        (w.themes_label, writer.join(f.code for f in s.frequencies if f.total.value != 0)),
        (w.responses_label, s.responses),
        (w.requirements_label, str(len(s.requirements))),
    ], widths=(2.2, 4.0))
    missing = [title for title, empty in (
        (w.workshops_label, not s.workshops), (w.themes, not s.frequencies), (w.surveys, not s.surveys),
        (w.requirements, not s.requirements)) if empty]
    if missing:
        writer.none(w.missing % {"chapters": writer.join(missing)})
    return w.summary


def chapter_approach(writer):
    s, w = writer.s, writer.w
    writer.heading(w.approach)
    used = [method for method in s.methods if any(sessions for _site, sessions in method.sessions)]
    if not used:
        writer.none(w.no_methods)
        return w.approach
    writer.para(w.approach_intro)
    for method in used:
        writer.heading(method.name, 2)
        if method.purpose:
            writer.para(f"{w.purpose}: {method.purpose}")
        if method.steps:
            writer.para(f"{w.steps}: {method.steps}")
    writer.heading(w.sessions_heading, 2)
    codes = [site.code for site in s.sites]
    rows = []
    for method in used:
        sessions = dict(method.sessions)
        rows.append([method.name] + [str(sessions.get(code, "0")) for code in codes])
    writer.table([w.method] + codes, rows)
    return w.approach


def chapter_sites(writer):
    s, w = writer.s, writer.w
    if not s.sites:
        writer.heading(w.sites_label)
        writer.none(w.no_sites)
        return w.sites_label
    for site in s.sites:
        writer.heading(w.site_chapter % {"site": site.name})
        writer.heading(w.context, 2)
        writer.para(f"{w.languages}: {writer.join(site.languages)}")
        if site.partner_organisation:
            writer.para(f"{w.partner}: {site.partner_organisation}")
        if site.public_partner:
            writer.para(f"{w.public_partner}: {site.public_partner}")
        writer.heading(w.workshops_held, 2)
        held = s.workshops_at(site.code)
        if held:
            writer.table((w.date, w.workshop, w.phase, w.method, w.attended),
                         [(_day(ws.date), ws.title, ws.phase, writer.join(ws.methods), ws.attendance) for ws in held],
                         widths=(1.0, 2.2, 1.2, 1.2, 0.8))
            for ws in held:
                if ws.objectives:
                    writer.para(f"{ws.title}: {ws.objectives}", style="List Bullet")
        else:
            writer.none(w.no_sessions)
        writer.heading(w.who_took_part, 2)
        if any(group.count.value != 0 for group in site.groups):
            writer.table((w.group, w.people), [(group.group, group.count) for group in site.groups])
        else:
            writer.none(w.no_participants)
    return w.sites_label


def chapter_themes(writer):
    s, w = writer.s, writer.w
    writer.heading(w.themes)
    applied = [f for f in s.frequencies if f.total.value != 0]
    if not applied:
        writer.none(w.no_codes)
        return w.themes
    writer.para(w.themes_intro)
    codes = [site.code for site in s.sites]
    writer.table([w.code, w.total] + codes,
                 [[f.code, f.total] + [str(dict(f.by_site).get(code, "0")) for code in codes] for f in applied])
    drawn = sorted(((f.code, f.total.value) for f in applied if not f.total.suppressed),
                   key=lambda bar: (-bar[1], bar[0]))
    small = [f.code for f in applied if f.total.suppressed]
    if drawn:
        writer.figure(figures.bar_chart(drawn, rtl=s.rtl),
                      alt=w.frequency_alt % {"values": "; ".join(f"{code}: {n}" for code, n in drawn)},
                      caption=w.frequency_caption)
    if small:
        writer.para(w.suppressed_bars % {"codes": writer.join(small)})
    writer.heading(w.co_occurrence, 2)
    pairs = [pair for pair in s.co_occurrences if pair.count.value != 0]
    if pairs:
        writer.table((w.pair, w.times), [(f"{p.code_a} + {p.code_b}", p.count) for p in pairs],
                     widths=(4.6, 1.4))
    else:
        writer.none(w.no_pairs)
    writer.heading(w.quotes, 2)
    if s.quotes:
        writer.para(w.quotes_intro)
        theme = None
        for quote in s.quotes:
            if quote.theme != theme:
                theme = quote.theme
                writer.heading(theme, 3)
            writer.para(f"“{quote.text}”", style="Quote")
            if quote.language:
                writer.para(w.in_language % {"language": quote.language})
            if quote.translation:
                writer.para(f"{w.translation}: “{quote.translation}”")
    else:
        writer.none(w.no_quotes)
    return w.themes


def chapter_surveys(writer):
    s, w = writer.s, writer.w
    writer.heading(w.surveys)
    if not s.surveys:
        writer.none(w.no_surveys)
        return w.surveys
    writer.para(w.surveys_intro)
    for survey in s.surveys:
        title = f"{survey.title} ({survey.site_code})" if survey.site_code else survey.title
        writer.heading(title, 2)
        writer.para(f"{w.responses}: {survey.responses}")
        if not survey.questions:
            writer.none(w.too_few)
            continue
        for question in survey.questions:
            writer.heading(question.label, 3)
            writer.para(f"{w.answered}: {question.answered}")
            if question.rows:
                writer.table((w.answer, w.count, w.percent),
                             [(row.label, row.count, _percent(row.percent)) for row in question.rows],
                             widths=(3.6, 1.2, 1.2))
            numbers = [(label, value) for label, value in ((w.mean, question.mean), (w.median, question.median),
                                                           (w.sus, question.sus_mean)) if value is not None]
            for label, value in numbers:
                writer.para(f"{label}: {_number(value)}")
    return w.surveys


def chapter_requirements(writer):
    s, w = writer.s, writer.w
    writer.heading(w.requirements)
    if not s.requirements:
        writer.none(w.no_requirements)
        return w.requirements
    writer.para(w.requirements_intro)
    writer.table((w.identifier, w.title, w.type, w.priority, w.status, w.sites, w.evidence, w.evidence_sites,
                  w.evidence_groups),
                 [(r.identifier, r.title, r.type, r.priority, r.status, ", ".join(r.site_codes), r.evidence_items,
                   r.evidence_sites, r.evidence_groups) for r in s.requirements])
    return w.requirements


def chapter_ethics(writer):
    s, w = writer.s, writer.w
    writer.heading(w.ethics)
    writer.para(w.ethics_intro)
    if any(scope.consenting.value != 0 for scope in s.consent_scopes):
        writer.table((w.consent_scope, w.consenting), [(scope.name, scope.consenting) for scope in s.consent_scopes],
                     widths=(4.0, 2.0))
    else:
        writer.none(w.no_consents)
    return w.ethics


def chapter_appendix(writer):
    s, w = writer.s, writer.w
    writer.heading(w.appendix)
    if not s.instruments:
        writer.none(w.no_instruments)
        return w.appendix
    writer.para(w.appendix_intro)
    for instrument in s.instruments:
        writer.heading(instrument.title, 2)
        writer.para(w.source_language % {"language": instrument.source_language})
        for section in instrument.sections:
            if section.title:
                writer.heading(section.title, 3)
            for question in section.questions:
                paragraph = writer.para(question.label, style="List Number")
                if question.choices:
                    paragraph.add_run(f" ({' / '.join(question.choices)})").italic = True
    return w.appendix



def _interval(low, high, scale=1, unit=""):
    if low is None or high is None:
        return ""
    return f"{low * scale:.1f}{unit} – {high * scale:.1f}{unit}"


def _rate(value):
    return "" if value is None else f"{value * 100:.0f}%"


def chapter_prototypes(writer):
    s, w = writer.s, writer.w
    writer.heading(w.prototypes)
    if not s.prototypes:
        writer.none(w.no_prototypes)
        return w.prototypes
    writer.para(w.prototypes_intro)
    for prototype in s.prototypes:
        writer.heading(f"{prototype.title} ({prototype.site_code})" if prototype.site_code else prototype.title, 2)
        for version in prototype.versions:
            if version.note:
                writer.para(f"{w.version % {'number': version.number}}. {w.what_changed % {'note': version.note}}",
                            style="List Bullet")
        writer.heading(w.sus_per_version, 3)
        writer.table((w.version_label, w.respondents, w.sus_answers, w.sus, w.interval),
                     [(w.version % {"number": v.number}, v.respondents, v.sus_n, _number(v.sus_mean),
                       _interval(v.sus_low, v.sus_high)) for v in prototype.versions])
        drawn = [(w.version % {"number": v.number}, round(v.sus_mean, 1)) for v in prototype.versions
                 if v.sus_mean is not None]
        if drawn:
            writer.figure(figures.bar_chart(drawn, rtl=s.rtl),
                          alt=w.sus_alt % {"prototype": prototype.title,
                                           "values": "; ".join(f"{label}: {value}" for label, value in drawn)},
                          caption=w.sus_caption % {"prototype": prototype.title})
        writer.heading(w.task_success, 3)
        for version in prototype.versions:
            writer.heading(w.version % {"number": version.number}, 4)
            if version.respondents.value == 0 or version.respondents.suppressed:
                writer.none(f"{w.respondents}: {version.respondents}")
            elif version.tasks:
                writer.table((w.task, w.attempts, w.first_tap, w.interval),
                             [(t.prompt, t.attempts, _rate(t.rate), _interval(t.low, t.high, 100, "%"))
                              for t in version.tasks], widths=(3.0, 1.0, 1.0, 1.4))
            else:
                writer.none(w.no_tasks)
        writer.heading(w.comparison, 3)
        if prototype.changes:
            writer.table((w.versions, w.measure, w.verdict),
                         [(f"{w.version % {'number': c.before}} → {w.version % {'number': c.after}}", c.measure,
                           c.verdict) for c in prototype.changes], widths=(1.4, 2.0, 3.0))
        else:
            writer.none(w.no_comparison)
    return w.prototypes


def chapter_configuration(writer):
    s, w = writer.s, writer.w
    writer.heading(w.configuration)
    if not s.configuration:
        writer.none(w.no_configuration)
        return w.configuration
    writer.para(w.configuration_intro)
    modules = list(dict.fromkeys(item.module for item in s.configuration))
    for module in modules:
        writer.heading(module, 2)
        writer.table((w.item, w.decides, w.behind),
                     [(item.key, item.description,
                       "\n".join(f"{identifier}: {title}" for identifier, title in item.requirements) or "—")
                      for item in s.configuration if item.module == module], widths=(2.0, 2.2, 2.2))
    return w.configuration


def chapter_lessons(writer):
    s, w = writer.s, writer.w
    writer.heading(w.lessons)
    if not s.reflections:
        writer.none(w.no_reflections)
        return w.lessons
    writer.para(w.lessons_intro)
    for reflection in s.reflections:
        writer.heading(f"{reflection.workshop} ({reflection.site_code}, {_day(reflection.date)})", 2)
        for label, said in ((w.what_worked, reflection.what_worked), (w.what_did_not, reflection.what_did_not),
                            (w.adaptations, reflection.adaptations)):
            if said:
                writer.para(label, style="Heading 3")
                writer.para(f"“{said}”", style="Quote")
    return w.lessons


def chapter_matrix(writer):
    """The last chapter, on landscape pages: the matrix has a column per module besides the requirement's own."""
    s, w = writer.s, writer.w
    section = writer.doc.add_section(WD_SECTION.NEW_PAGE)
    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    writer.heading(w.matrix)
    if not s.matrix.rows:
        writer.none(w.no_matrix)
        return w.matrix
    writer.para(w.matrix_intro)
    writer.table(s.matrix.header, s.matrix.rows)
    return w.matrix
