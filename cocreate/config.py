"""Configuration, read from the environment.

`Config` is what a pilot-site server runs with; `TestConfig` is what the test
suite runs with.  Nothing secret has a default here: an app started without
`SECRET_KEY` generates one into its instance folder once (see `create_app`).
"""
import json
import os
from datetime import timedelta


def env_flag(name, default):
    """Read a yes/no environment variable (1/0, true/false, yes/no, on/off)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url_from_env():
    """`DATABASE_URL` with plain PostgreSQL URLs pointed at psycopg 3."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def retention_days_from_env():
    """`RETENTION_DAYS` as JSON ({"survey_responses": 1825, ...}); unset: nothing is deleted for its age."""
    value = os.environ.get("RETENTION_DAYS")
    return json.loads(value) if value else {}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # None means: a SQLite file in the instance folder, decided in create_app.
    SQLALCHEMY_DATABASE_URI = database_url_from_env()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_TIMEOUT = 5.0  # seconds a request waits for SQLite's write lock

    SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", True)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_TIME_LIMIT = 8 * 3600  # a workshop day
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    # The address participants' phones open: every link, QR code and handout is built from it, never from the
    # request's Host header. Unset: SERVER_NAME when configured, else http://127.0.0.1:5000 (see README).
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or None
    # The number of reverse proxies in front of the app (0: none).  Behind one, the client's address (which
    # failed sign-ins are counted by) and HTTPS are read from its X-Forwarded-For and X-Forwarded-Proto.
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS") or 0)
    # Wrong participant codes one address may send to one linked survey or feedback round within a window of
    # CODE_GUESS_WINDOW seconds; then it is refused (429) until the window ends (see cocreate/throttle.py).
    CODE_GUESSES = int(os.environ.get("CODE_GUESSES") or 20)
    CODE_GUESS_WINDOW = int(os.environ.get("CODE_GUESS_WINDOW") or 900)
    # Handout codes (the 4-character codes of surveys and feedback rounds) that open nothing, which one address
    # may send within HANDOUT_CODE_GUESS_WINDOW seconds; then it is refused (429) whatever code it sends until
    # the window ends, on the code pages, the participant pages and the API.
    HANDOUT_CODE_GUESSES = int(os.environ.get("HANDOUT_CODE_GUESSES") or 20)
    HANDOUT_CODE_GUESS_WINDOW = int(os.environ.get("HANDOUT_CODE_GUESS_WINDOW") or 900)
    # Submissions (survey answers on the web and the API, prototype feedback) one address may send within
    # SUBMISSION_WINDOW seconds.  Generous: a whole workshop may share one address behind the site's router.
    SUBMISSIONS_PER_ADDRESS = int(os.environ.get("SUBMISSIONS_PER_ADDRESS") or 600)
    SUBMISSION_WINDOW = int(os.environ.get("SUBMISSION_WINDOW") or 600)
    # Pictures decoded at once per process (each may take a few hundred MB while it is checked).
    IMAGE_DECODES_AT_ONCE = int(os.environ.get("IMAGE_DECODES_AT_ONCE") or 2)

    # Days each category of data is kept (the categories the features register; see the README), counted from
    # when it was recorded: `flask --app cocreate privacy purge-expired` deletes what is older.
    RETENTION_DAYS = retention_days_from_env()

    # Handbooks and policy briefs built from the web page, and the templates uploaded for them, are stored here
    # (unset: `handbook-builds` in the instance folder), so that any worker can serve a download.  A build runs
    # in a thread of the process that started it; off (the tests), it runs before the page answers.
    HANDBOOK_BUILD_FOLDER = os.environ.get("HANDBOOK_BUILD_FOLDER") or None
    HANDBOOK_BUILDS_IN_BACKGROUND = env_flag("HANDBOOK_BUILDS_IN_BACKGROUND", True)

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = False
    # Fast password hashing: the tests log in hundreds of times.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    HANDBOOK_BUILDS_IN_BACKGROUND = False  # deterministic: a build is finished when its page answers
