"""Staff pages: create a prototype, upload screens (checked as pictures), add hotspots in percent, make rounds
with tasks, hand them out (link, QR code, handout), open and close them; facilitators only at their sites."""
import io

from cocreate.extensions import db
from cocreate.prototypes.models import Hotspot, Prototype, Round, Screen, Task

from .conftest import picture


def test_a_facilitator_builds_a_prototype_and_a_round(app, client, auth, make_project):
    make_project("demo", sites=("ES",))
    auth.login_as("facilitator")
    assert client.get("/prototypes/").status_code == 200
    response = client.post("/prototypes/new/demo", data={"title": "Job matching", "site_id": "0"})
    assert response.status_code == 302
    with app.app_context():
        prototype = db.session.query(Prototype).one()
        version_id = prototype.versions[0].id
    for colour in ("red", "blue"):
        response = client.post(f"/prototypes/versions/{version_id}/screens", content_type="multipart/form-data",
                               data={"image": (io.BytesIO(picture(colour=colour)), "s.png"), "caption": colour})
        assert response.status_code == 302
    refused = client.post(f"/prototypes/versions/{version_id}/screens", content_type="multipart/form-data",
                          data={"image": (io.BytesIO(b"%PDF-1.4"), "s.pdf"), "caption": "x"})
    assert refused.status_code == 200 and "not a picture we can read" in refused.get_data(as_text=True)
    with app.app_context():
        first, second = db.session.query(Screen).order_by(Screen.position).all()
        first_id, second_id = first.id, second.id
    outside = client.post(f"/prototypes/screens/{first_id}/hotspots", data={
        f"h{first_id}-x": "80", f"h{first_id}-y": "10", f"h{first_id}-w": "30", f"h{first_id}-h": "10",
        f"h{first_id}-target_id": str(second_id), f"h{first_id}-label": "Skills"})
    assert outside.status_code == 200 and "inside the screen" in outside.get_data(as_text=True)
    assert client.post(f"/prototypes/screens/{first_id}/hotspots", data={
        f"h{first_id}-x": "10", f"h{first_id}-y": "10", f"h{first_id}-w": "50", f"h{first_id}-h": "20",
        f"h{first_id}-target_id": str(second_id), f"h{first_id}-label": "Skills"}).status_code == 302
    with app.app_context():
        hotspot = db.session.query(Hotspot).one()
        assert (hotspot.x, hotspot.w) == (0.1, 0.5)
        hotspot_id = hotspot.id
    page = client.get(f"/prototypes/versions/{version_id}").get_data(as_text=True)
    assert f"/prototypes/screens/{first_id}/thumbnail" in page
    with client.get(f"/prototypes/screens/{first_id}/image") as image:
        assert image.status_code == 200 and "no-store" in image.headers["Cache-Control"]
    assert client.post(f"/prototypes/versions/{version_id}/rounds/new", data={
        "source_language": "en", "languages": "ar", "site_id": "0", "mode": "anonymous", "ask_sus": "y"}
    ).status_code == 302
    with app.app_context():
        round_ = db.session.query(Round).one()
        round_id, code = round_.id, round_.code
        assert round_.languages == ["en", "ar"] and not round_.is_open
    assert client.post(f"/prototypes/rounds/{round_id}/tasks", data={
        "prompt": "Where would you tap to see your skills?", "target_id": str(hotspot_id)}).status_code == 302
    assert client.post(f"/prototypes/rounds/{round_id}/state", data={"open": "1"}).status_code == 302
    detail = client.get(f"/prototypes/rounds/{round_id}").get_data(as_text=True)
    assert code in detail and f"http://127.0.0.1:5000/p/{code}" in detail
    qr = client.get(f"/prototypes/rounds/{round_id}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    handout = client.get(f"/prototypes/rounds/{round_id}/handout").get_data(as_text=True)
    assert code in handout and 'lang="ar"' in handout
    with app.app_context():
        assert db.session.query(Task).one().target_id == hotspot_id
        assert db.session.get(Round, round_id).is_open
    assert client.get(f"/prototypes/{prototype.id}").status_code == 200


def test_a_facilitator_of_another_site_cannot_change_a_sites_prototype(app, client, auth, proto, make_user):
    auth.login_as("facilitator", sites=[("demo", "ES")])
    assert client.get(f"/prototypes/rounds/{proto['round']}").status_code == 200
    auth.logout()
    from cocreate.projects.services import get_project_by_slug, save_site
    with app.app_context():
        save_site(get_project_by_slug("demo"), None, code="IT", country="IT", city="Rome", host_languages=["it"],
                  participant_languages=["ar"], actor=None)
        db.session.commit()
    auth.login_as("facilitator", sites=[("demo", "IT")])
    assert client.get(f"/prototypes/rounds/{proto['round']}").status_code == 200  # reads the project
    assert client.post(f"/prototypes/rounds/{proto['round']}/state", data={"open": "0"}).status_code == 403
    assert client.get(f"/prototypes/rounds/{proto['round']}/assisted").status_code == 403
    auth.logout()
    auth.login_as("officer")
    assert client.get(f"/prototypes/screens/{proto['home']}/image").status_code == 403
