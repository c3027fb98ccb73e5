"""Benchmark: how long writing the handbook takes as a project grows, against a bare python-docx baseline.

Synthetic snapshots shaped like the demo (3 pilot sites, 10 workshops, 13 codes, 12 quotes, 6 surveys of 14
questions, 30 requirements) are scaled 1×, 2× and 4× (sites, workshops, codes, quotes, surveys and
requirements all multiplied) and written with `handbook.document.build`.  The baseline writes a document with
the same number of paragraphs and table rows straight with python-docx (no figures, no styles looked up, no
right-to-left pass), so the ratio says what the handbook's own work costs.  It needs no database.

    .venv/bin/python bench/handbook.py [--scales 1 2 4] [--repeat 3] [--lang en] [--database sqlite:///instance/cocreate.db]

With `--database` (a database holding the demo, e.g. after `make seed`), it also times the demo's whole
build as `flask handbook build` does it: the snapshot read from the database, then the document.
"""
import argparse
import io
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

# Run as a script, this file's folder comes first on the path and its name would hide the `handbook` package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from docx import Document  # noqa: E402

from handbook import document, text  # noqa: E402
from handbook import snapshot as s  # noqa: E402
from immerse_core.privacy import suppress  # noqa: E402

GROUPS = ("Migrant or refugee", "NGO", "Public service", "Subject-matter expert")
METHODS = ("Focus group", "Interview", "Cognitive mapping", "Context mapping", "Storyboarding", "Paper prototyping",
           "Questionnaire")
PHASES = ("Requirements elicitation", "Co-design round 1", "Co-design round 2", "Evaluation")


def synthetic(scale, language="en"):
    """A snapshot `scale` times the demo's size."""
    sites = tuple(s.Site(code=f"S{i:02d}", city=f"City {i}", country=f"Country {i}",
                         languages=("Spanish", "Arabic", "French"), partner_organisation=f"NGO {i}",
                         public_partner=f"Employment service {i}",
                         groups=tuple(s.GroupCount(group, suppress(12 if g == 0 else 3)) for g, group in
                                      enumerate(GROUPS)))
                  for i in range(3 * scale))
    workshops = tuple(s.Workshop(site_code=sites[i % len(sites)].code, title=f"Workshop {i}",
                                 phase=PHASES[i % 4], date=date(2019, 3, 1) + timedelta(days=30 * i),
                                 methods=(METHODS[i % 7],), objectives="Learn how participants look for work.",
                                 attendance=suppress(10 + i % 5))
                      for i in range(10 * scale))
    methods = tuple(s.Method(key=name.lower(), name=name, purpose="Why the method is used.",
                             steps="1. Welcome.\n2. Ask.\n3. Summarise.",
                             sessions=tuple((site.code, 2) for site in sites)) for name in METHODS)
    codes = [f"Theme {i}" for i in range(13 * scale)]
    frequencies = tuple(s.CodeFrequency(code, suppress(3 + i % 9),
                                        tuple((site.code, suppress(i % 4)) for site in sites))
                        for i, code in enumerate(codes))
    pairs = tuple(s.CoOccurrence(codes[i], codes[i + 1], suppress(i % 7)) for i in range(len(codes) - 1))
    quotes = tuple(s.Quote(theme=codes[i % len(codes)], text=f"Words of a participant, number {i}.",
                           language="Arabic", translation="A translation.") for i in range(12 * scale))
    rows = tuple(s.ResultRow(f"Answer {k}", suppress(10 + k), 20.0) for k in range(5))
    questions = tuple(s.QuestionFinding(label=f"Question {q}?", answered=suppress(100), rows=rows, mean=3.4)
                      for q in range(14))
    surveys = tuple(s.SurveyFinding(title=f"Survey {i}", site_code=sites[i % len(sites)].code,
                                    responses=suppress(100), questions=questions) for i in range(6 * scale))
    instruments = tuple(s.SurveyInstrument(title=f"Survey {i}", source_language="English", sections=(
        s.InstrumentSection("About you", tuple(s.InstrumentQuestion(f"Question {q}?", ("Yes", "No"))
                                               for q in range(14))),)) for i in range(6 * scale))
    requirements = tuple(s.Requirement(identifier=f"REQ-{i + 1:03d}", title=f"Requirement {i}", type="Functional",
                                       priority="Must have", status="Accepted", site_codes=(sites[0].code,),
                                       evidence_items=suppress(6), evidence_sites=1, evidence_groups=2)
                         for i in range(30 * scale))
    return s.Snapshot(project=s.Project("bench", "A synthetic project"), language=language, made_on=date(2026, 1, 1),
                      sites=sites, methods=methods, workshops=workshops, participants=suppress(60 * scale),
                      responses=suppress(344 * scale), frequencies=frequencies, co_occurrences=pairs, quotes=quotes,
                      surveys=surveys, instruments=instruments, requirements=requirements,
                      consent_scopes=(s.ConsentScope("Taking part", suppress(60 * scale)),))


def handbook_seconds(snapshot, translations):
    started = time.perf_counter()
    document.build(snapshot, io.BytesIO(), translations)
    return time.perf_counter() - started


def baseline_seconds(paragraphs, rows):
    """python-docx alone: `paragraphs` paragraphs and one table with `rows` rows of 5 cells, saved."""
    started = time.perf_counter()
    doc = Document()
    for i in range(paragraphs):
        doc.add_paragraph(f"Paragraph {i}")
    table = doc.add_table(rows=1, cols=5)
    for i in range(rows):
        for cell in table.add_row().cells:
            cell.text = str(i)
    doc.save(io.BytesIO())
    return time.perf_counter() - started


def size_of(snapshot, translations):
    out = io.BytesIO()
    document.build(snapshot, out, translations)
    doc = Document(io.BytesIO(out.getvalue()))
    return len(doc.paragraphs), sum(len(t.rows) for t in doc.tables), len(out.getvalue())


def demo_seconds(database, language):
    """(seconds to read the demo's snapshot, seconds to write its document) from a seeded database."""
    from cocreate import create_app
    from cocreate.handbook_data import build_snapshot
    from cocreate.projects.services import get_project_by_slug

    app = create_app(SQLALCHEMY_DATABASE_URI=database)
    with app.app_context():
        started = time.perf_counter()
        snapshot = build_snapshot(get_project_by_slug("miict"), language=language)
        read = time.perf_counter() - started
    return read, handbook_seconds(snapshot, text.translations(language))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="en", choices=text.LANGUAGES)
    parser.add_argument("--database", help="a database URL holding the demo project, to time its whole build")
    args = parser.parse_args()
    translations = text.translations(args.lang)
    handbook_seconds(synthetic(1, args.lang), translations)  # warm up: imports, fonts, the template
    print(f"{'scale':>5} {'paragraphs':>10} {'rows':>6} {'KiB':>6} {'handbook s':>11} {'baseline s':>11} "
          f"{'ratio':>6} {'growth':>7}")
    first = None
    for scale in args.scales:
        snapshot = synthetic(scale, args.lang)
        paragraphs, rows, size = size_of(snapshot, translations)
        took = statistics.median(handbook_seconds(snapshot, translations) for _ in range(args.repeat))
        base = statistics.median(baseline_seconds(paragraphs, rows) for _ in range(args.repeat))
        first = first or (scale, took)
        growth = (took / first[1]) / (scale / first[0])
        print(f"{scale:>5} {paragraphs:>10} {rows:>6} {size // 1024:>6} {took:>11.3f} {base:>11.3f} "
              f"{took / base:>6.2f} {growth:>7.2f}")
    print("growth: time per unit of size relative to the first scale (1.00 = linear)")
    if args.database:
        read, written = demo_seconds(args.database, args.lang)
        print(f"the demo from {args.database}: snapshot {read:.3f} s + document {written:.3f} s "
              f"= {read + written:.3f} s")


if __name__ == "__main__":
    main()
