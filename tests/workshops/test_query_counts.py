"""Pages make a fixed number of queries, however much evidence there is."""
from datetime import date

from cocreate.extensions import db
from cocreate.participants import services as participants
from cocreate.evidence import services as evidence
from cocreate.evidence.registry import Ref
from cocreate.workshops import services
from cocreate.workshops.models import Workshop

from ..statements import count


def add_evidence(app, world, count):
    """`count` more participants at ES, each quoted once (every other one without consent to quotes), a note each,
    and everything coded with two codes."""
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        project = workshop.site.project
        codes = [code for code, _depth in evidence.codebook(project)] or [
            evidence.save_code(project, None, name="Work", actor=None), evidence.save_code(project, None, name="Language", actor=None)]
        for index in range(count):
            speaker = participants.create_participant(workshop.site, stakeholder_group="migrant" if index % 3 else "ngo", actor=None)
            participants.record_consent(speaker, "take_part", form_version="v1", given_on=date(2019, 3, 1), actor=None)
            if index % 2:
                participants.record_consent(speaker, "quotes", form_version="v1", given_on=date(2019, 3, 1), actor=None)
            services.mark_present(workshop, speaker, actor=None)
            quote = services.add_quote(workshop, speaker_code=speaker.code, text=f"Trabajo {index}", language="es",
                                       translation=f"Work {index}", actor=None)
            note = services.add_note(workshop, body=f"Work note {index}", actor=None)
            for code in codes:
                evidence.apply_code(code, Ref("quote", quote.id), actor=None)
                evidence.apply_code(code, Ref("note", note.id), actor=None)
        storyboard = services.create_storyboard(workshop, title=f"Board {count}", actor=None)
        frame = services.add_frame(storyboard, caption="Work at the office", actor=None)
        evidence.apply_code(codes[0], Ref("frame", frame.id), actor=None)
        db.session.commit()
        return codes[0].id


def test_pages_do_not_make_a_query_per_quote_or_participant(world, client, auth, app):
    auth.login_as("admin")
    code_id = add_evidence(app, world, 3)
    urls = ["/evidence/projects/demo/codebook/analysis", f"/workshops/{world['workshop']}",
            f"/participants/sites/{world['es']}", f"/evidence/codes/{code_id}",
            "/evidence/projects/demo/codebook/export.csv", "/evidence/projects/demo/search?q=work",
            "/evidence/projects/demo/codebook", f"/workshops/{world['workshop']}/attendance"]
    small = {url: count(app, client, url) for url in urls}
    add_evidence(app, world, 12)
    large = {url: count(app, client, url) for url in urls}
    assert large == small
