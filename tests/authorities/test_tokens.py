"""API tokens: created on the command line and shown once, kept as a digest, listed without secrets, revoked; the
authority API answers 401 (with WWW-Authenticate) without a live token and 403 for a purpose not open to it."""
from datetime import timedelta

import sqlalchemy as sa

from cocreate.database import utcnow
from cocreate.extensions import db

from .conftest import bearer

RECORDS = "/api/v1/authority/records"


def test_create_token_prints_the_token_once_and_keeps_only_its_digest(seeded):
    from cocreate.authorities.models import ApiToken
    from cocreate.authorities.services import token_digest

    result = seeded.test_cli_runner().invoke(args=[
        "authority", "create-token", "--authority", "employment-office", "--purpose", "job-matching",
        "--purpose", "youth-employment", "--days", "30"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.splitlines()[0]
    assert secret.startswith("cca_") and len(secret) > 40
    with seeded.app_context():
        token = db.session.scalars(sa.select(ApiToken)).one()
        assert token.digest == token_digest(secret) and secret not in token.digest
        assert token.purposes == ["job-matching", "youth-employment"]
        assert timedelta(days=29) < token.expires_at.replace(tzinfo=None) - utcnow().replace(tzinfo=None) \
            <= timedelta(days=30)
    listing = seeded.test_cli_runner().invoke(args=["authority", "tokens"])
    assert listing.exit_code == 0
    assert "employment-office" in listing.output and "active" in listing.output and secret not in listing.output


def test_create_token_refuses_a_purpose_the_authority_does_not_declare_and_odd_characters(seeded):
    from cocreate.authorities.models import ApiToken

    runner = seeded.test_cli_runner()
    for purpose, message in (("healthcare-access", "does not declare"), ("Job Matching!", "not a purpose")):
        result = runner.invoke(args=["authority", "create-token", "--authority", "employment-office",
                                     "--purpose", purpose])
        assert result.exit_code != 0 and message in result.output, result.output
    result = runner.invoke(args=["authority", "create-token", "--authority", "nobody", "--purpose", "x"])
    assert result.exit_code != 0 and "no authority nobody" in result.output
    result = runner.invoke(args=["authority", "create-token", "--authority", "employment-office", "--purpose",
                                 "job-matching", "--days", "0"])
    assert result.exit_code != 0 and "1 to 366 days" in result.output
    with seeded.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_without_a_token_or_with_a_wrong_one_the_api_answers_401_with_a_challenge(seeded, client):
    for headers, error in (({}, None), ({"Authorization": "Basic dXNlcjpwYXNz"}, None),
                           (bearer("cca_not-a-token"), "invalid_token")):
        response = client.get(RECORDS, query_string={"purpose": "job-matching"}, headers=headers)
        assert response.status_code == 401
        challenge = response.headers["WWW-Authenticate"]
        assert challenge.startswith("Bearer realm=")
        assert (f'error="{error}"' in challenge) if error else "error=" not in challenge
        assert response.is_json and response.get_json()["error"]
        assert response.headers["Cache-Control"] == "no-store"


def test_a_revoked_token_opens_nothing(seeded, client, make_token):
    token_id, secret = make_token()
    result = seeded.test_cli_runner().invoke(args=["authority", "revoke-token", str(token_id)])
    assert result.exit_code == 0 and f"token {token_id} revoked" in result.output
    response = client.get(RECORDS, query_string={"purpose": "job-matching"}, headers=bearer(secret))
    assert response.status_code == 401 and response.get_json() == {"error": "This token was revoked."}
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    again = seeded.test_cli_runner().invoke(args=["authority", "revoke-token", str(token_id)])
    assert "revoked already" in again.output
    assert "revoked" in seeded.test_cli_runner().invoke(args=["authority", "tokens"]).output


def test_an_expired_token_opens_nothing(seeded, client, make_token):
    from cocreate.authorities.models import ApiToken

    token_id, secret = make_token(days=1)
    with seeded.app_context():
        db.session.get(ApiToken, token_id).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = client.get(RECORDS, query_string={"purpose": "job-matching"}, headers=bearer(secret))
    assert response.status_code == 401 and response.get_json() == {"error": "This token has expired."}


def test_a_purpose_not_granted_is_403_and_one_the_authority_no_longer_declares_too(seeded, client, make_token):
    from cocreate.authorities import services
    from cocreate.projects.services import get_project_by_slug

    _id, secret = make_token(purposes=("job-matching",))
    response = client.get(RECORDS, query_string={"purpose": "youth-employment"}, headers=bearer(secret))
    assert response.status_code == 403
    assert response.get_json() == {"error": "This token is not granted the purpose youth-employment."}
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    # another authority's purpose is not granted either
    assert client.get(RECORDS, query_string={"purpose": "healthcare-access"},
                      headers=bearer(secret)).status_code == 403
    with seeded.app_context():
        authority = services.get_authority(get_project_by_slug("miict"), "employment-office")
        services.save_authority(authority.project, authority, slug=authority.slug, name=authority.name,
                                purposes=["youth-employment"], actor=None)
        db.session.commit()
    response = client.get(RECORDS, query_string={"purpose": "job-matching"}, headers=bearer(secret))
    assert response.status_code == 403
    assert response.get_json() == {"error": "employment-office no longer declares the purpose job-matching."}


def test_malformed_purposes_and_page_sizes_are_400(seeded, client, make_token):
    _id, secret = make_token()
    for query in ({"purpose": "Job Matching"}, {"purpose": "job-matching;drop"}, {},
                  {"purpose": "job-matching", "per_page": "0"}, {"purpose": "job-matching", "per_page": "101"},
                  {"purpose": "job-matching", "per_page": "ten"}, {"purpose": "job-matching", "page": "0"},
                  {"purpose": "job-matching", "page": "-1"}):
        response = client.get(RECORDS, query_string=query, headers=bearer(secret))
        assert response.status_code == 400, query
        assert response.get_json()["error"]


def test_administrators_list_and_revoke_tokens_on_their_page(seeded, client, auth, make_token):
    token_id, secret = make_token()
    auth.login("admin@miict.example")
    page = client.get("/authorities/tokens").get_data(as_text=True)
    assert f'id="token-{token_id}"' in page and secret not in page and "employment-office" in page
    response = client.post(f"/authorities/tokens/{token_id}/revoke")
    assert response.status_code == 302
    page = client.get("/authorities/tokens").get_data(as_text=True)
    assert "revoked on" in page and f"/authorities/tokens/{token_id}/revoke" not in page
    assert client.get(RECORDS, query_string={"purpose": "job-matching"},
                      headers=bearer(secret)).status_code == 401
    assert client.post("/authorities/tokens/9999/revoke").status_code == 404
