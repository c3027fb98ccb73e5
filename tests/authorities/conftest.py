import pytest

from cocreate.extensions import db


@pytest.fixture
def make_token(seeded):
    """make_token(authority="employment-office", purposes=("job-matching",), days=90) -> (token id, secret)."""
    from cocreate.authorities import services
    from cocreate.projects.services import get_project_by_slug

    def make(authority="employment-office", purposes=("job-matching",), days=90):
        with seeded.app_context():
            found = services.get_authority(get_project_by_slug("miict"), authority)
            token, secret = services.create_token(found, list(purposes), days=days, actor=None)
            token_id = token.id
            db.session.commit()
        return token_id, secret
    return make


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}
