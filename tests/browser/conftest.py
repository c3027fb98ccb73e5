"""The real-browser harness: the app served on 127.0.0.1 from a thread, driven by Playwright in Debian's Chromium.

Never downloads a browser: Chromium comes from the system package (`make test` installs it when run as root).
Without it the browser tests are skipped, except under CI=true, where a missing browser is a failure.
`page_for(language, viewport)` opens a fresh page; `check_accessibility(page)` runs axe-core on it; failures
in the browser's console (a script error, a blocked resource, a CSP violation) fail the test.
"""
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from cocreate import create_app
from cocreate.config import TestConfig
from cocreate.extensions import db

from ..conftest import TEST_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package (make test does it as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, uploads_folder):
    """The app with the demo data, on a SQLite file of its own, for the whole browser session."""
    from cocreate.demo import seed_demo

    db_path = tmp_path_factory.mktemp("browser") / "browser.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_path}", WTF_CSRF_ENABLED=True,
                     WORKSHOP_UPLOAD_FOLDER=str(uploads_folder),
                     PROTOTYPE_UPLOAD_FOLDER=str(uploads_folder),
                     SURVEY_MEDIA_UPLOAD_FOLDER=str(uploads_folder / "survey-media"))
    with app.app_context():
        db.create_all()
        seed_demo(password=TEST_PASSWORD)
    return app


def closing_bodies(wsgi_app):
    """WSGI middleware: each response body is read whole and closed before the server sends it.

    The development server closes a body only after it has drained the request's socket; when the browser
    has gone by then (a context closed while the favicon.svg it asked for was on its way), that step fails
    and the static file stays open, a ResourceWarning that `filterwarnings = error` turns into a failure of
    whichever test happens to run when it is collected.
    """
    def app(environ, start_response):
        body = wsgi_app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()
    return app


@contextmanager
def serve(app):
    """Serve `app` on a free port of 127.0.0.1 from a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, closing_bodies(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    with serve(live_app) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_for(browser, live_server):
    """page_for(language="en", viewport=PHONE) -> a Playwright page in a fresh context, at the start page."""
    contexts, console_errors = [], []

    def open_page(language="en", viewport=PHONE):
        context = browser.new_context(viewport=viewport, locale=language, base_url=live_server)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
        page.on("pageerror", lambda error: console_errors.append(str(error)))
        page.goto(f"/?lang={language}")
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert console_errors == [], "errors in the browser console"


@pytest.fixture
def sign_in():
    def sign_in(page, email, password=TEST_PASSWORD):
        page.goto("/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.click("input[type=submit]")
        page.wait_for_load_state()
    return sign_in


# With JavaScript off, Chromium runs no timers, and axe-core waits on setTimeout. Playwright still evaluates scripts
# through the DevTools protocol in such a page, so for the check only, timers become microtasks: the page's own
# scripts never ran, and axe sees the page as someone without JavaScript does.
TIMERS_AS_MICROTASKS = """() => {
  const soon = (fn, ...args) => { Promise.resolve().then(() => fn(...args)); return 0; };
  window.setTimeout = soon; window.clearTimeout = () => {};
  window.requestAnimationFrame = (fn) => soon(fn, performance.now()); window.cancelAnimationFrame = () => {};
  window.requestIdleCallback = (fn) => soon(fn, {didTimeout: false, timeRemaining: () => 50});
}"""


def check_accessibility(page, name=None, javascript=True):
    """Fail on any serious or critical axe-core violation; save a screenshot when `name` is given.

    `javascript=False` for a page opened in a context with `java_script_enabled=False`."""
    from axe_playwright_python.sync_playwright import Axe

    if not javascript:
        page.evaluate(TIMERS_AS_MICROTASKS)
    if name:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in blocking)
