"""Forms strip what is typed and say 'too long' in the project's own words, in every language."""

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.workshops import services
from cocreate.workshops.models import Workshop


def page(response):
    return response.get_data(as_text=True)


def test_forms_strip_and_say_too_long_in_our_own_words(world, client, auth, app):
    from cocreate.workshops import forms

    lengths = [v for form in vars(forms).values() if isinstance(form, type) and issubclass(form, forms.FlaskForm)
               for field in vars(form).values() if hasattr(field, "kwargs")
               for v in field.kwargs.get("validators", []) if type(v).__name__ == "Length"]
    assert lengths and all(str(v.message) == "Use at most %(max)d characters." for v in lengths)
    auth.login_as("facilitator")
    too_long = page(client.post(f"/workshops/sites/{world['es']}/new?lang=ar", data={
        "title": "x" * 201, "phase": "requirements", "date": "2019-10-16"}))
    assert "استخدم 200 حرفًا على الأكثر." in too_long
    response = client.post(f"/workshops/sites/{world['es']}/new", data={
        "title": "  Spaced title \n", "phase": "requirements", "date": "2019-10-16", "place": "  Hall  "})
    assert response.status_code == 302
    response = client.post(f"/workshops/{world['workshop']}/quotes/new", data={
        "speaker_code": f" {world['consenting']} ", "text": "  Hola  ", "language": " ES ",
        "translation": " Hello ", "activity": "0"})
    assert response.status_code == 302
    with app.app_context():
        created = db.session.scalar(sa.select(Workshop).where(Workshop.title == "Spaced title"))
        assert created is not None and created.place == "Hall"
        quote = services.list_quotes(db.session.get(Workshop, world["workshop"]))[-1]
        assert (quote.text, quote.translation, quote.language) == ("Hola", "Hello", "es")
