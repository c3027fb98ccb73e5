"""The policy brief as a Word document: per pilot country, the barriers found, the requirements they led to
and the project team's recommendations, written from the same snapshot as the handbook.

`build(snapshot, out, translations)` writes it with the handbook's writer (styles, template, right to left,
the same bytes for the same snapshot); `progress(title)` is called once for the title page and once per
country.
"""
from . import document
from .text import brief_words, words


def build(snapshot, out, translations, *, template=None, progress=None):
    """Write the policy brief of `snapshot` to `out` (a path or a binary file)."""
    w, b = words(translations), brief_words(translations)
    doc = document._open(template)
    writer = document._Writer(doc, snapshot, w, translations)
    for title in _write(writer, b):
        if progress is not None:
            progress(title)
    document._properties(doc, snapshot, w)
    doc.core_properties.title = f"{snapshot.project.name}: {b.brief}"
    doc.core_properties.subject = b.subject
    if snapshot.rtl:
        document.right_to_left(doc)
    document._save(doc, out)


def _write(writer, b):
    s, w = writer.s, writer.w
    writer.para(s.project.name, style="Title")
    writer.para(b.brief, style="Subtitle")
    writer.para(document._scope_line(s, w))
    writer.para(w.made_on % {"date": s.made_on.isoformat()})
    writer.para(b.intro)
    yield b.brief
    if not s.countries:
        writer.none(b.no_countries)
        return
    for country in s.countries:
        _country(writer, b, country)
        yield b.country % {"country": country.name}


def _country(writer, b, country):
    s, w = writer.s, writer.w
    writer.heading(b.country % {"country": country.name})
    writer.para(b.sites % {"sites": writer.join(
        site.name for site in s.sites if site.code in country.site_codes)})
    writer.heading(b.barriers, 2)
    if country.barriers:
        writer.table((b.theme, b.excerpts, b.evidence_sites, b.evidence_groups),
                     [(barrier.theme, barrier.excerpts, barrier.sites, barrier.groups)
                      for barrier in country.barriers], widths=(3.0, 1.0, 1.0, 1.4))
    else:
        writer.none(b.no_barriers)
    writer.heading(b.requirements, 2)
    requirements = [s.requirement(identifier) for identifier in country.requirements]
    requirements = [r for r in requirements if r is not None]
    if requirements:
        writer.table((w.identifier, w.title, w.priority, w.status),
                     [(r.identifier, r.title, r.priority, r.status) for r in requirements],
                     widths=(1.0, 3.2, 1.1, 1.1))
    else:
        writer.none(b.no_requirements)
    writer.heading(b.recommendations, 2)
    if not country.recommendations:
        writer.none(b.no_recommendations)
        return
    for number, recommendation in enumerate(country.recommendations, start=1):
        writer.para(f"{number}. {recommendation.text}")
        details = []
        if recommendation.language:
            details.append(b.written_in % {"language": recommendation.language})
        if recommendation.themes:
            details.append(b.about_themes % {"themes": writer.join(recommendation.themes)})
        if recommendation.requirements:
            details.append(b.about_requirements % {"requirements": writer.join(recommendation.requirements)})
        if details:
            writer.para(" · ".join(details))
