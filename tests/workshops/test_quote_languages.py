"""A quote's language and its translation's language are chosen by name, like a workshop's languages: kept as
codes, shown by name, and an unknown language is refused with a message in the reader's language."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.workshops.models import Quote


def post_quote(client, world, lang="en", **fields):
    return client.post(f"/workshops/{world['workshop']}/quotes/new", headers={"Accept-Language": lang}, data={
        "speaker_code": world["consenting"], "text": "Esperé tres meses.", "activity": "0", **fields})


def test_quote_languages_are_typed_by_name_and_kept_as_codes(world, client, auth, app):
    auth.login_as("facilitator")
    response = post_quote(client, world, language="Spanish", translation="I waited three months.",
                          translation_language="English")
    assert response.status_code == 302
    with app.app_context():
        quote = db.session.scalars(sa.select(Quote)).one()
        assert (quote.language, quote.translation_language) == ("es", "en")


def test_an_unknown_quote_language_is_refused_in_the_readers_language(world, client, auth, app):
    auth.login_as("facilitator")
    for lang, message in (("en", "Not a language we know: “elvish”"),
                          ("fr", "Ce n’est pas une langue que nous connaissons : “elvish”")):
        page = post_quote(client, world, lang, language="elvish").get_data(as_text=True)
        assert message in page and 'aria-invalid="true"' in page
    french = post_quote(client, world, "fr", language="Spanish", translation="x",
                        translation_language="elvish").get_data(as_text=True)
    assert "Ce n’est pas une langue que nous connaissons : “elvish”" in french
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Quote)) == 0
