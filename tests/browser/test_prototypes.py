"""Prototype feedback in a real browser on a phone: a participant in Arabic taps the picture for the task and for
a pin; another in English takes part by keyboard alone; every participant page passes axe-core."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.prototypes.models import Feedback, Round

from .conftest import PHONE, check_accessibility

CODE = "JMC3"  # the demo's round on version 2 at the Madrid site


def new_feedback(live_app, language):
    with live_app.app_context():
        round_ = db.session.scalar(sa.select(Round).where(Round.code == CODE))
        return [(f, [(p.x, p.y, p.comment) for p in f.pins], [(t.success, t.ms) for t in f.task_results])
                for f in db.session.scalars(sa.select(Feedback).where(Feedback.round_id == round_.id,
                                                                     Feedback.language == language,
                                                                     Feedback.client_uuid.not_like("00000000%")))]


def tap(page, selector, x, y):
    box = page.locator(selector).bounding_box()
    page.mouse.click(box["x"] + box["width"] * x, box["y"] + box["height"] * y)


def press_next(page):
    with page.expect_navigation():
        page.click("button[name=go][value=next]")


def test_a_participant_taps_the_pictures_in_arabic_on_a_phone(page_for, live_app):
    page = page_for("ar", PHONE)
    page.goto(f"/p/{CODE}")
    check_accessibility(page, "prototype-languages-ar")
    with page.expect_navigation():
        page.click("a[hreflang=ar]")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    check_accessibility(page, "prototype-start-ar")
    press_next(page)
    check_accessibility(page, "prototype-task-ar")
    with page.expect_navigation():  # the first tap on the picture answers the task
        tap(page, "[data-task-picture] img", 0.5, 0.64)
    check_accessibility(page, "prototype-screen-ar")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    tap(page, "[data-pin-picture] img", 0.5, 0.12)
    assert page.input_value("[data-pin-region]") == "tapped" and page.is_visible("[data-pin-marker]")
    page.fill("#pin_comment", "الصورة غير واضحة")
    page.check("input[name=reaction][value=unsure]")
    press_next(page)
    press_next(page)
    press_next(page)
    check_accessibility(page, "prototype-sus-ar")
    for i in range(1, 11):
        page.check(f"input[name=sus-{i}][value='{4 if i % 2 else 2}']")
    press_next(page)
    assert "/thanks" in page.url
    check_accessibility(page, "prototype-thanks-ar")
    [(feedback, pins, tasks)] = new_feedback(live_app, "ar")
    assert feedback.sus_score == 75
    [(x, y, comment)] = pins
    assert abs(x - 0.5) < 0.02 and abs(y - 0.12) < 0.02 and comment == "الصورة غير واضحة"
    [(success, ms)] = tasks
    assert success and ms is not None and ms > 0


def tab_to(page, selector, limit=80):
    """Press Tab until `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"the keyboard never reached {selector}")


def keyboard_next(page):
    tab_to(page, "button[name=go][value=next]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_participant_takes_part_by_keyboard_alone_in_english(page_for, live_app):
    page = page_for("en", PHONE)
    page.goto(f"/p/{CODE}/en")
    keyboard_next(page)
    with live_app.app_context():
        round_ = db.session.scalar(sa.select(Round).where(Round.code == CODE))
        training = round_.tasks[0].target_id
        skills_target = next(h.target_id for h in round_.version.screens[0].hotspots if h.id != training)
    tab_to(page, "input[name=tap_hotspot]")  # Tab enters the group, arrows move within it
    page.keyboard.press("Space")
    for _ in range(5):
        if page.is_checked(f"input[name=tap_hotspot][value='{training}']"):
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked(f"input[name=tap_hotspot][value='{training}']")
    keyboard_next(page)
    tab_to(page, "input[name=reaction][value=clear]")
    page.keyboard.press("Space")
    tab_to(page, "#pin_region")
    page.keyboard.type("Bottom right")
    assert page.input_value("#pin_region") == "bottom-end"
    tab_to(page, "#pin_comment")
    page.keyboard.type("The button is hard to see")
    tab_to(page, f"button.hotspot[value='{skills_target}']")  # the hotspot, reached and pressed by keyboard
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.is_visible("h1") and "Your skills" in page.inner_text("h1")
    check_accessibility(page, "prototype-screen-en")
    keyboard_next(page)
    keyboard_next(page)
    for i in range(1, 11):
        tab_to(page, f"input[name=sus-{i}]")
        page.keyboard.press("Space")  # the first option of each statement: 1
    keyboard_next(page)
    assert "/thanks" in page.url
    [(feedback, pins, tasks)] = new_feedback(live_app, "en")
    assert feedback.sus is not None and len(feedback.sus) == 10
    [(x, y, comment)] = pins
    assert (round(x, 3), round(y, 3), comment) == (0.833, 0.833, "The button is hard to see")
    assert tasks == [(True, tasks[0][1])]


def test_the_participant_pages_work_without_javascript(browser, live_server, live_app):
    context = browser.new_context(viewport=PHONE, locale="fr", base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/p/{CODE}/fr")
    with page.expect_navigation():
        page.click("button[name=go][value=next]")
    check_accessibility(page, "prototype-task-nojs-fr", javascript=False)
    page.check("input[name=tap_hotspot][value='']")  # "I don't know"
    with page.expect_navigation():
        page.click("button[name=go][value=next]")
    assert page.locator("button.hotspot").first.is_visible()  # hotspots are plain buttons under the picture
    check_accessibility(page, "prototype-screen-nojs-fr", javascript=False)
    context.close()


def walk_to_first_screen(page):
    with page.expect_navigation():
        page.click("button[name=go][value=next]")
    page.check("input[name=tap_hotspot][value='']")
    with page.expect_navigation():
        page.click("button[name=go][value=next]")


def test_a_voice_comment_is_sent_from_the_file_field_without_javascript(browser, live_server, live_app):
    from tests.prototypes.conftest import recording

    from cocreate.prototypes.models import VoiceComment

    context = browser.new_context(viewport=PHONE, locale="ar", base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/p/{CODE}/ar")
    walk_to_first_screen(page)
    assert page.is_visible("input[type=file][name=voice][accept='audio/*']")
    assert not page.is_visible("[data-voice-record]")  # the recorder's buttons need the script
    page.set_input_files("#voice", files=[{"name": "voice.ogg", "mimeType": "audio/ogg",
                                           "buffer": recording("ogg", seconds=2.0)}])
    with page.expect_navigation():
        page.click("button[name=go][value=back]")
    with page.expect_navigation():
        page.click("button[name=go][value=next]")
    assert page.is_visible(".voice__kept")
    check_accessibility(page, "prototype-voice-kept-nojs-ar", javascript=False)
    while "/thanks" not in page.url:
        with page.expect_navigation():
            page.click("button[name=go][value=next]")
    context.close()
    [(feedback, _pins, _tasks)] = new_feedback(live_app, "ar")[-1:]
    with live_app.app_context():
        voice = db.session.scalars(sa.select(VoiceComment).where(VoiceComment.feedback_id == feedback.id)).one()
        assert abs(voice.seconds - 2.0) < 0.1 and voice.filename.endswith(".ogg")


def test_the_recorder_replaces_the_file_field_with_labelled_buttons_when_the_browser_records(page_for):
    page = page_for("en", PHONE)
    page.goto(f"/p/{CODE}/en")
    walk_to_first_screen(page)
    assert page.is_visible("[data-voice-record]") and not page.is_visible("[data-voice-file]")
    assert page.inner_text("[data-voice-record]").strip().endswith("Record")
    assert page.get_attribute("[data-voice-status]", "role") == "status"
    box = page.locator("[data-voice-record]").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a large touch target
    check_accessibility(page, "prototype-voice-recorder-en")
