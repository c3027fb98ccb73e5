"""The participant pages end to end through the test client: choose a language, a task's first tap, walk the
screens through hotspots, react, pin a comment by region (no JavaScript) or by a tapped point, the SUS, send;
in English and in Arabic (right to left), idempotent, nothing stored before the end."""
import html
import re

import pytest

from cocreate.extensions import db
from cocreate.prototypes.models import Comment, Feedback, Pin, Reaction, TaskResult


def hidden(page, name):
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


def post(client, code, language, page, **fields):
    data = {"state": hidden(page, "state"), "step": hidden(page, "step"), "shown_at": hidden(page, "shown_at"),
            **fields}
    return client.post(f"/p/{code}/{language}", data=data)


@pytest.mark.parametrize("language, direction, next_label", [("en", "ltr", "Next"), ("ar", "rtl", "التالي")])
def test_a_participant_gives_feedback_without_javascript(app, client, proto, language, direction, next_label):
    code = proto["code"]
    choose = client.get(f"/p/{code.lower()}")
    assert choose.status_code == 302 and choose.location.endswith(f"/p/{code}")
    languages = client.get(f"/p/{code}").get_data(as_text=True)
    assert 'lang="ar"' in languages and "العربية" in languages
    start = client.get(f"/p/{code}/{language}").get_data(as_text=True)
    assert f'<html lang="{language}" dir="{direction}">' in start and next_label in start
    task = post(client, code, language, start, go="next").get_data(as_text=True)
    prompt = "Where would you tap to see your skills?" if language == "en" else "أين تنقر لترى مهاراتك؟"
    assert prompt in task
    home = post(client, code, language, task, tap_hotspot=str(proto["to_skills"]), go="next").get_data(as_text=True)
    assert 'name="go" value="%d"' % proto["skills"] in home  # the hotspot, as a button
    assert ("How is this screen for you?" if language == "en" else "كيف") in home
    skills = post(client, code, language, home, reaction="confusing", pin_region="top-end",
                  pin_comment="What is this icon?", go=str(proto["skills"])).get_data(as_text=True)
    assert ("Skills" if language == "en" else "المهارات") in skills
    sus = post(client, code, language, skills, reaction="clear", comment="Too many words",
               go="next").get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Feedback).count() == 0  # nothing is stored before the end
    answers = {f"sus-{i}": "4" if i % 2 else "2" for i in range(1, 11)}
    done = post(client, code, language, sus, go="next", **answers)
    assert done.status_code == 302 and done.location.endswith(f"/p/{code}/{language}/thanks")
    again = post(client, code, language, sus, go="next", **answers)  # Send pressed twice
    assert again.status_code == 302
    thanks = client.get(done.location).get_data(as_text=True)
    assert ("Thank you" if language == "en" else "شكرًا") in thanks
    with app.app_context():
        feedback = db.session.query(Feedback).one()
        assert feedback.language == language and feedback.sus_score == 75 and not feedback.assisted
        pin = db.session.query(Pin).one()
        assert (round(pin.x, 3), round(pin.y, 3), pin.comment) == (0.833, 0.167, "What is this icon?")
        assert {r.screen_id: r.value.value for r in db.session.query(Reaction)} == {
            proto["home"]: "confusing", proto["skills"]: "clear"}
        assert db.session.query(Comment).one().text == "Too many words"
        result = db.session.query(TaskResult).one()
        assert result.success and (result.x, result.y) == pytest.approx((0.5, 0.3))  # the chosen hotspot's centre


def test_a_tapped_point_and_time_are_recorded_and_a_point_outside_is_refused_in_arabic(app, client, proto):
    code = proto["code"]
    start = client.get(f"/p/{code}/ar").get_data(as_text=True)
    task = post(client, code, "ar", start, go="next").get_data(as_text=True)
    home = post(client, code, "ar", task, tap_x="0.95", tap_y="0.95", tap_ms="3200").get_data(as_text=True)
    outside = post(client, code, "ar", home, pin_x="1.4", pin_y="0.2", pin_comment="هنا")
    assert outside.status_code == 422
    page = outside.get_data(as_text=True)
    assert "خارج الصورة" in page and 'dir="rtl"' in page
    skills = post(client, code, "ar", page, pin_x="0.4", pin_y="0.2", pin_comment="هنا", go="next").get_data(as_text=True)
    sus = post(client, code, "ar", skills, go="next").get_data(as_text=True)
    assert post(client, code, "ar", sus, go="next").status_code == 302  # the SUS may be left empty
    with app.app_context():
        result = db.session.query(TaskResult).one()
        assert not result.success and result.ms == 3200 and (result.x, result.y) == (0.95, 0.95)
        assert (db.session.query(Pin).one().x, db.session.query(Feedback).one().sus) == (0.4, None)


def test_a_closed_round_and_an_unknown_code_say_so(app, client, proto):
    from cocreate.prototypes import services
    from cocreate.prototypes.models import Round

    assert "No feedback round has this code" in client.get("/p/?code=ZZZZ").get_data(as_text=True)
    assert client.get("/p/?code=" + proto["code"].lower()).location.endswith(f"/p/{proto['code']}")
    assert client.get("/p/ZZZZ").status_code == 404
    with app.app_context():
        services.set_round_open(db.session.get(Round, proto["round"]), False, actor=None)
        db.session.commit()
    page = client.get(f"/p/{proto['code']}/ar")
    assert "أُغلقت" in page.get_data(as_text=True) or "مغلقة" in page.get_data(as_text=True)
    assert client.post(f"/p/{proto['code']}/ar", data={"state": "{}", "step": "start"}).status_code == 409


def test_a_screen_picture_is_served_only_for_its_rounds_code(app, client, proto):
    with client.get(f"/p/{proto['code']}/screens/{proto['home']}") as picture:
        assert picture.status_code == 200 and picture.mimetype.startswith("image/")
    assert client.get(f"/p/{proto['code']}/screens/999").status_code == 404


def test_assisted_mode_marks_the_feedback_for_a_signed_in_facilitator_only(app, client, auth, proto):
    code = proto["code"]
    start = client.get(f"/p/{code}/en?assisted=1").get_data(as_text=True)
    assert "Assisted" not in start  # nobody signed in: a participant cannot claim it
    auth.login_as("facilitator")
    redirect = client.get(f"/prototypes/rounds/{proto['round']}/assisted")
    assert redirect.location.endswith(f"/p/{code}?assisted=1")
    page = client.get(f"/p/{code}/en?assisted=1").get_data(as_text=True)
    assert "Assisted: recorded by a facilitator" in page
    for _ in range(6):
        response = post(client, code, "en", page, go="next")
        if response.status_code == 302:
            break
        page = response.get_data(as_text=True)
    assert response.status_code == 302 and "assisted=1" in response.location
    with app.app_context():
        feedback = db.session.query(Feedback).one()
        assert feedback.assisted and feedback.recorded_by_id is not None
