"""Links, QR codes and handouts given to participants use the configured public address, never the Host header."""
from unittest import mock

import pytest

from cocreate import sharing
from cocreate.surveys import views

FORGED = {"Host": "evil.example"}


@pytest.fixture
def facilitator(client, auth, make_project):
    """A facilitator signed in through a client whose every request carries a forged Host header."""
    client.environ_base["HTTP_HOST"] = FORGED["Host"]
    make_project("demo")
    return auth.login_as("facilitator")


def qr_data(client, url):
    """The text the QR code at `url` encodes, as handed to the QR module."""
    with mock.patch.object(sharing.qrcode, "make", wraps=sharing.qrcode.make) as make:
        response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    return make.call_args.args[0]


@pytest.mark.parametrize("public_url", ["https://cocreate.example.org", "http://192.168.1.20:5000"])
def test_participant_links_use_public_url_not_host_header(app, client, facilitator, make_survey, public_url):
    app.config["PUBLIC_URL"] = public_url
    survey_id, code = make_survey()
    expected = f"{public_url}/s/{code}"
    detail = client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    handout = client.get(f"/surveys/{survey_id}/handout").get_data(as_text=True)
    assert expected in detail and expected in handout
    assert f"{public_url}/s" in handout  # the page where a code is typed
    assert qr_data(client, f"/surveys/{survey_id}/qr.svg") == expected
    assert "evil.example" not in detail and "evil.example" not in handout


def test_public_url_under_a_path_prefix(app, client, facilitator, make_survey):
    app.config["PUBLIC_URL"] = "https://example.org/cocreate/"
    survey_id, code = make_survey()
    assert qr_data(client, f"/surveys/{survey_id}/qr.svg") == f"https://example.org/cocreate/s/{code}"


def test_without_public_url_server_name_is_used(app, client, facilitator, make_survey):
    app.config.update(PUBLIC_URL=None, SERVER_NAME="cocreate.example.org", PREFERRED_URL_SCHEME="https")
    survey_id, code = make_survey()
    with app.app_context():
        from cocreate.extensions import db
        from cocreate.surveys.models import Survey
        with app.test_request_context(headers=FORGED):
            assert views.public_link(db.session.get(Survey, survey_id)) == f"https://cocreate.example.org/s/{code}"


def test_without_any_address_the_development_server_is_used(app, client, facilitator, make_survey):
    app.config.update(PUBLIC_URL=None, SERVER_NAME=None)
    survey_id, code = make_survey()
    assert qr_data(client, f"/surveys/{survey_id}/qr.svg") == f"http://127.0.0.1:5000/s/{code}"
    handout = client.get(f"/surveys/{survey_id}/handout").get_data(as_text=True)
    assert "evil.example" not in handout
