"""A linked feedback round asks for the link code once: the walk carries the participant's id signed for the round
and the walk (never the code) in its hidden state, and no page shows the code again."""
import json

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.participants.models import Participant
from cocreate.prototypes.models import Feedback

from .test_code_guessing_and_limit import LINK_CODES, linked, start  # noqa: F401
from .test_participant_flow import hidden, post


def walk(client, code, first):
    """Every page of the walk after the first one, answering nothing, up to the submission."""
    pages, page = [first], first
    while page.status_code == 200:
        page = post(client, code, "en", page.get_data(as_text=True), go="next")
        pages.append(page)
    return pages


def test_no_page_of_a_linked_walk_holds_the_link_code_and_the_feedback_is_theirs(app, client, linked):  # noqa: F811
    link_code = LINK_CODES["ES-M-001"]
    pages = walk(client, linked, start(client, linked, "ES-M-001"))
    assert pages[-1].status_code == 302
    shown = [page.get_data(as_text=True) for page in pages[:-1]]
    assert len(shown) >= 2
    for page in shown:
        assert link_code not in page and link_code.replace("-", "") not in page
        assert link_code not in json.loads(hidden(page, "state")).values()
    with app.app_context():
        feedback = db.session.scalars(sa.select(Feedback)).one()
        participant = db.session.scalars(sa.select(Participant).where(Participant.code == "ES-M-001")).one()
        assert feedback.participant_id == participant.id


def test_a_wrong_link_code_is_not_shown_back(client, linked):  # noqa: F811
    refused = start(client, linked, "ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    assert refused.status_code == 422 and "ZZZZ-ZZZZ-ZZZZ-ZZZZ" not in refused.get_data(as_text=True)


def test_a_participant_reference_of_another_walk_or_forged_is_refused(app, client, linked):  # noqa: F811
    first = start(client, linked, "ES-M-001").get_data(as_text=True)
    theirs = json.loads(hidden(first, "state"))["participant"]
    assert theirs
    other = client.get(f"/p/{linked}/en").get_data(as_text=True)  # another walk, given their reference
    state = json.loads(hidden(other, "state"))
    shown_at = hidden(other, "shown_at")
    for forged in (theirs, theirs[:-2] + ("aa" if not theirs.endswith("aa") else "bb"),
                   json.dumps([1, state["client"], 1])):  # another walk's, tampered with, not signed
        sent = client.post(f"/p/{linked}/en", data={"state": json.dumps({**state, "participant": forged}),
                                                  "step": "sus", "shown_at": shown_at, "go": "next"})
        assert sent.status_code == 422, forged
        assert 'name="participant"' in sent.get_data(as_text=True)  # asked again on the first page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 0
