"""Researchers tidy the codebook: a code is deleted with its codings (its sub-codes move up), or merged into
another, whose codings, sub-codes and, when asked, definition it takes over, in one transaction."""
import csv
import io

import pytest
import sqlalchemy as sa

from cocreate.evidence import services as evidence
from cocreate.evidence.models import Code, Coding
from cocreate.evidence.registry import Ref
from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.projects.services import get_project_by_slug
from cocreate.workshops.models import Note


def page(response):
    return response.get_data(as_text=True)


def notes(n):
    return db.session.scalars(sa.select(Note).order_by(Note.id).limit(n)).all()


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded
        db.session.rollback()


def codebook_of(project):
    """Two themes and their codings on demo notes: Access (with a sub-code) and Barriers."""
    first, second, third = notes(3)
    access = evidence.save_code(project, None, name="Access", definition="Reaching a service.", actor=None)
    sub = evidence.save_code(project, None, name="Opening hours", parent=access, actor=None)
    barriers = evidence.save_code(project, None, name="Barriers", definition="What stops people.",
                                  examples="No interpreter.", actor=None)
    evidence.apply_code(access, Ref("note", first.id), actor=None)
    evidence.apply_code(access, Ref("note", second.id), excerpt=second.body[:6], actor=None)
    evidence.apply_code(barriers, Ref("note", first.id), actor=None)  # identical target: collapses
    evidence.apply_code(barriers, Ref("note", second.id), actor=None)  # another part of the note: moves
    evidence.apply_code(barriers, Ref("note", third.id), actor=None)
    evidence.apply_code(sub, Ref("note", third.id), actor=None)
    db.session.flush()
    return access, sub, barriers, (first, second, third)


MINE = {"Access", "Opening hours", "Barriers", "Language", "Weekends"}  # beside the demo's own codebook


def totals(project):
    rows, _sites = evidence.code_frequencies(project)
    return {code.name: total for code, total, _s, _g in rows if total and code.name in MINE}


def pairs_of(project, *codes):
    ids = {code.id for code in codes}
    _codes, pairs = evidence.co_occurrence(project)
    return {pair: n for pair, n in pairs.items() if set(pair) <= ids}


def test_merging_moves_codings_collapses_identical_ones_and_moves_sub_codes(ctx, changes):
    project = get_project_by_slug("miict")
    access, sub, barriers, (first, second, third) = codebook_of(project)
    child = evidence.save_code(project, None, name="Language", parent=barriers, actor=None)
    assert totals(project)["Barriers"] == 3
    assert pairs_of(project, access, sub, barriers)[tuple(sorted((access.id, barriers.id)))] == 2

    result = evidence.merge_codes(barriers, access, append_definition=True, actor=None)
    assert (result.moved, result.collapsed, result.sub_codes) == (2, 1, 1)
    assert db.session.get(Code, barriers.id) is None
    assert child.parent is access and access.definition == "Reaching a service.\n\nWhat stops people."
    assert access.examples == ""  # not asked for
    held = sorted((c.target_id, c.excerpt) for c in db.session.scalars(
        sa.select(Coding).where(Coding.code_id == access.id)))
    assert held == sorted([(first.id, ""), (second.id, second.body[:6]), (second.id, ""), (third.id, "")])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Coding).where(
        Coding.code_id == barriers.id)) == 0
    # what analyses and the export say follows the merge
    assert totals(project) == {"Access": 4, "Opening hours": 1}
    assert pairs_of(project, access, sub, barriers) == {tuple(sorted((access.id, sub.id))): 1}
    exported = list(csv.DictReader(io.StringIO(evidence.export_coded_excerpts(project))))
    assert {row["code"] for row in exported} & MINE == {"Access", "Opening hours"}
    assert sorted(row["parent_code"] for row in exported if row["code"] == "Opening hours") == ["Access"]
    assert [(action, details) for action, _obj, _actor, details in changes if action == "evidence.codes_merged"] \
        == [("evidence.codes_merged", {"merged": "Barriers", "moved": 2, "collapsed": 1, "sub_codes": 1})]


def test_a_code_is_never_merged_into_itself_its_sub_codes_or_another_project(ctx, make_project):
    project = get_project_by_slug("miict")
    access, sub, barriers, _notes = codebook_of(project)
    deeper = evidence.save_code(project, None, name="Weekends", parent=sub, actor=None)
    for kept, message in ((access, "another code"), (sub, "its own sub-codes"), (deeper, "its own sub-codes")):
        with pytest.raises(evidence.EvidenceError, match=message):
            evidence.merge_codes(access, kept, actor=None)
    from cocreate.projects.services import save_project
    elsewhere = save_project(None, slug="elsewhere", name="Elsewhere", actor=None)
    foreign = evidence.save_code(elsewhere, None, name="Access", actor=None)
    with pytest.raises(evidence.EvidenceError, match="another project"):
        evidence.merge_codes(access, foreign, actor=None)
    # merging a sub-code into its own parent is fine
    evidence.merge_codes(deeper, sub, actor=None)
    assert db.session.get(Code, deeper.id) is None


def test_deleting_a_code_removes_its_codings_and_moves_its_sub_codes_up(ctx):
    project = get_project_by_slug("miict")
    access, sub, barriers, _notes = codebook_of(project)
    deeper = evidence.save_code(project, None, name="Weekends", parent=sub, actor=None)
    evidence.apply_code(deeper, Ref("note", notes(1)[0].id), actor=None)
    assert evidence.delete_code(sub, actor=None) == (1, 1)
    assert deeper.parent is access
    assert evidence.delete_code(access, actor=None) == (2, 1)
    assert deeper.parent is None  # a top-level theme now, its coding kept
    assert totals(project) == {"Barriers": 3, "Weekends": 1}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Coding).where(
        Coding.code_id.in_([access.id, sub.id]))) == 0


def seed_codebook(app):
    with app.app_context():
        access, sub, barriers, _notes = codebook_of(get_project_by_slug("miict"))
        ids = access.id, sub.id, barriers.id
        db.session.commit()
    return ids


def test_the_delete_page_says_what_goes_and_what_moves_in_the_readers_language(seeded, client, auth):
    access, sub, barriers = seed_codebook(seeded)
    auth.login_as("researcher")
    english = page(client.get(f"/evidence/codes/{access}/delete"))
    assert "Its 2 codings go with it." in english
    assert "Its 1 sub-code becomes a top-level theme:" in english and "Opening hours" in english
    spanish = page(client.get(f"/evidence/codes/{access}/delete?lang=es"))
    assert "Se eliminan con él sus 2 codificaciones." in spanish
    arabic = page(client.get(f"/evidence/codes/{sub}/delete?lang=ar"))
    assert 'dir="rtl"' in arabic and "يُحذف معه ترميز واحد (1)." in arabic

    response = client.post(f"/evidence/codes/{access}/delete?lang=en", data={})
    assert response.status_code == 302 and response.location.endswith("/evidence/projects/miict/codebook")
    assert "2 codings went with it." in page(client.get(response.location))
    with seeded.app_context():
        assert db.session.get(Code, access) is None and db.session.get(Code, sub).parent_id is None
        change = db.session.scalars(sa.select(Change).where(Change.action == "evidence.code_deleted")).one()
        assert change.label == "Access" and change.details["codings"] == 2
    assert "deleted a code" in page(client.get("/changes/miict"))


def test_the_merge_page_offers_no_sub_code_and_merges_in_one_step(seeded, client, auth):
    access, sub, barriers = seed_codebook(seeded)
    auth.login_as("researcher")
    form = page(client.get(f"/evidence/codes/{access}/merge"))
    assert f'value="{barriers}"' in form and f'value="{sub}"' not in form and f'value="{access}"' not in form
    assert "Its 2 codings move to the code you choose" in form and "Reaching a service." in form
    refused = client.post(f"/evidence/codes/{access}/merge", data={"into": sub})
    assert refused.status_code == 400 and "Not a valid choice" in page(refused)

    response = client.post(f"/evidence/codes/{barriers}/merge", data={"into": access, "append_examples": "y"})
    assert response.status_code == 302 and response.location.endswith(f"/evidence/codes/{access}")
    shown = page(client.get(response.location))
    assert "Barriers merged into Access. 2 codings moved. 1 identical coding was already there." in shown
    assert "No interpreter." in shown
    with seeded.app_context():
        assert db.session.get(Code, barriers) is None
        assert db.session.get(Code, access).definition == "Reaching a service."
    assert "merged a code into this one" in page(client.get("/changes/miict"))


def test_merging_is_undone_whole_when_it_fails(seeded, client, auth, monkeypatch):
    access, sub, barriers = seed_codebook(seeded)
    auth.login_as("researcher")

    def broken_emit(action, obj, *, actor, **details):
        if action == "evidence.codes_merged":
            raise RuntimeError("the record of changes is down")
        return obj
    monkeypatch.setattr(evidence, "emit", broken_emit)
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.post(f"/evidence/codes/{barriers}/merge", data={"into": access}).status_code == 500
    with seeded.app_context():
        assert db.session.get(Code, barriers) is not None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Coding).where(
            Coding.code_id == barriers)) == 3


def test_editing_a_code_offers_neither_itself_nor_its_sub_codes_as_its_parent(seeded, client, auth):
    access, sub, barriers = seed_codebook(seeded)
    auth.login_as("researcher")
    form = page(client.get(f"/evidence/codes/{access}/edit"))
    assert f'value="{barriers}"' in form and f'value="{sub}"' not in form
    response = client.post(f"/evidence/codes/{access}/edit", data={"name": "Access", "parent": sub})
    assert response.status_code == 200 and "Not a valid choice" in page(response)
    with seeded.app_context():
        assert db.session.get(Code, access).parent_id is None


def test_a_facilitator_neither_deletes_nor_merges_codes(seeded, client, auth):
    access, sub, barriers = seed_codebook(seeded)
    auth.login_as("facilitator")
    assert client.post(f"/evidence/codes/{access}/delete", data={}).status_code == 403
    assert client.post(f"/evidence/codes/{barriers}/merge", data={"into": access}).status_code == 403
    assert "/delete" not in page(client.get(f"/evidence/codes/{access}"))
