import re

from werkzeug.routing import IntegerConverter


def csp(response):
    return dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))


def test_security_headers_on_pages_errors_and_json(client):
    for path in ("/", "/login", "/no-such-page", "/healthz"):
        response = client.get(path)
        policy = csp(response)
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert "'unsafe-inline'" not in policy["style-src"]
        assert policy["default-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        assert policy["object-src"] == "'none'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"


def test_nonce_is_new_for_every_request(client):
    nonces = {re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"]).group(1)
              for _ in range(3)}
    assert len(nonces) == 3


def test_pages_have_no_inline_script_and_no_asset_from_elsewhere(seeded, client, auth):
    auth.login_as("admin")
    for path in ("/", "/projects/miict", "/users", "/account"):
        page = client.get(path).get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in tag or "nonce=" in tag, f"inline script without nonce on {path}"
        for url in re.findall(r'(?:src|href)="([^"]+)"', page):
            assert not re.match(r"^(https?:)?//", url), f"{url} on {path} is loaded from elsewhere"
        assert " style=" not in page, f"inline style on {path}"


def test_session_cookie_is_secure_httponly_and_samesite(tmp_path, make_user):
    from cocreate import create_app
    from cocreate.config import Config, TestConfig

    assert Config.SESSION_COOKIE_SECURE is True  # production default
    app = create_app(TestConfig, SESSION_COOKIE_SECURE=True,
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'cookie.db'}")
    response = app.test_client().get("/?lang=es")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_names_are_escaped_and_isolated_for_right_to_left(client, auth, make_user):
    _id, email = make_user("admin", display_name="<script>alert(1)</script>")
    auth.login(email)
    page = client.get("/?lang=ar").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>" in page


def test_ids_too_large_for_the_database_are_not_found(seeded, client, auth):
    """23-digit ids in URLs answered 500 (the database cannot hold them): they name nothing, so 404."""
    auth.login_as("admin")
    huge = 10 ** 22
    failures = []
    for rule in seeded.url_map.iter_rules():
        converters = {name for name, converter in rule._converters.items()
                      if isinstance(converter, IntegerConverter)}
        if not converters:
            continue
        path = rule.rule
        for name, converter in rule._converters.items():
            value = huge if name in converters else sorted(getattr(converter, "items", ["x"]))[0]
            path = re.sub(rf"<[^>]*\b{name}>", str(value), path)
        method = "GET" if "GET" in rule.methods else "POST"
        status = client.open(path, method=method).status_code
        if status != 404:
            failures.append(f"{method} {path}: {status}")
    assert failures == []


def test_exports_and_the_json_api_are_not_kept_by_caches(client):
    response = client.get("/api/v1/surveys/NONE")
    assert response.mimetype == "application/json" and response.headers["Cache-Control"] == "no-store"


def test_hsts_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://cocreate.example.org")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
