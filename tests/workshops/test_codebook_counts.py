"""The codebook counts only evidence that may be shown, and draws counts by stakeholder group."""
import re

from cocreate.extensions import db
from cocreate.evidence import services as evidence
from cocreate.evidence.registry import Ref
from cocreate.workshops import services
from cocreate.workshops.models import Workshop

from ..html_tables import tables


def workshop_project(world):
    return db.session.get(Workshop, world["workshop"]).site.project


def page(response):
    return response.get_data(as_text=True)


def test_codebook_counts_leave_out_quotes_without_consent(world, client, auth, app, make_project):
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        project = workshop.site.project
        code = evidence.save_code(project, None, name="Recognition of qualifications", actor=None)
        for speaker in (world["consenting"], world["no_quotes"]):
            quote = services.add_quote(workshop, speaker_code=speaker, text="Mi título no vale", language="es", actor=None)
            evidence.apply_code(code, Ref("quote", quote.id), actor=None)
        db.session.commit()
        code_id = code.id
    auth.login_as("researcher")
    codebook = page(client.get("/evidence/projects/demo/codebook"))
    assert f'/codes/{code_id}"' in codebook
    assert tables(codebook)[0].row_where("Codebook code", "Recognition of qualifications")["Times applied"] == "1"
    with app.app_context():
        rows, _sites = evidence.code_frequencies(workshop_project(world))
        assert [(code.name, total) for code, total, _by_site, _by_group in rows] == [
            ("Recognition of qualifications", 1)]
    # on the page, one quote is a count below 5: hidden with everything of its row
    assert re.search(r"Recognition of qualifications</a></th>\s*<td>&lt;5</td><td>&lt;5</td><td>&lt;5</td>",
                     page(client.get("/evidence/projects/demo/codebook/analysis")))


def test_analysis_has_a_chart_by_stakeholder_group(world, client, auth, app):
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        code = evidence.save_code(workshop.site.project, None, name="Interpreting", actor=None)
        for n in range(5):  # five of each: counts the page may show
            quote = services.add_quote(workshop, speaker_code=world["consenting"], text=f"No entendía {n}",
                                       language="es", actor=None)
            evidence.apply_code(code, Ref("quote", quote.id), actor=None)
            note = services.add_note(workshop, body=f"No interpreter came {n}", actor=None)
            evidence.apply_code(code, Ref("note", note.id), actor=None)
        db.session.commit()
    auth.login_as("researcher")
    text = page(client.get("/evidence/projects/demo/codebook/analysis"))
    assert 'data-bokeh-chart="code-frequency-chart"' in text
    block = re.search(r'data-bokeh-chart="code-frequency-by-group-chart">(.*?)</script>', text, re.S)
    assert block and "Migrant or refugee" in block.group(1) and "Not attributed" in block.group(1)
    assert "Times each code was applied, by stakeholder group" in text
    assert text.count(" defer></script>") == len(set(re.findall(r'<script src="([^"]+)"', text)))  # scripts once
