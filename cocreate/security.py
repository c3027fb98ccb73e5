"""Security headers for every response, and the per-request nonce for inline scripts.

The Content-Security-Policy allows scripts only from this server or carrying the
request's nonce (`{{ csp_nonce() }}` in a template), and no framing at all.
Features add to what the app serves, never to what the policy allows; the one
exception is a page that records a voice comment (`allow_recording()`), which
may use this site's microphone and play back what it just recorded (a blob); and a page that asks a location
(`allow_location()`), which may ask the browser for this site's geolocation.
"""
import secrets

from flask import abort, g, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'nonce-{nonce}'",
    "style-src 'self' 'nonce-{nonce}'",  # BokehJS's run-time styles carry the nonce (static/js/charts.js)
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


RECORDING_MEDIA = "media-src 'self' blob:"


def allow_recording():
    """Let this response's page use the microphone (for this site only) and play back its own recording."""
    g.allow_recording = True


def csp_nonce():
    """This request's script nonce, made on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def allow_location():
    """Let this response's page ask the browser for the device's location (for this site only)."""
    g.allow_location = True


def set_security_headers(response):
    headers = response.headers
    recording = g.get("allow_recording", False)
    policy = CONTENT_SECURITY_POLICY.format(nonce=csp_nonce())
    headers["Content-Security-Policy"] = f"{policy}; {RECORDING_MEDIA}" if recording else policy
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    location = "self" if g.get("allow_location", False) else ""
    headers["Permissions-Policy"] = (f"camera=(), microphone=({'self' if recording else ''}), "
                                     f"geolocation=({location}), interest-cohort=()")
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if response.mimetype == "text/html":
        headers.setdefault("Cache-Control", "no-store")
    elif response.mimetype == "application/json" or "attachment" in headers.get("Content-Disposition", ""):
        headers["Cache-Control"] = "no-store"  # answers and exports about people: kept by no cache on the way
    return response


FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}  # the bodies werkzeug reads as a form


def refuse_nul_characters():
    """400 for a NUL character anywhere in a query, a form or a JSON body.

    No one types one; PostgreSQL refuses to store one, so it would otherwise
    fail late, half way through a request, on one database and not the other.
    """
    fields = [*request.args.lists(), *(request.form.lists() if request.mimetype in FORM_TYPES else ())]
    if any("\x00" in key or any("\x00" in value for value in values) for key, values in fields):
        abort(400)
    if request.is_json and b"\\u0000" in request.get_data(cache=True):
        abort(400)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, opened without building its signer when the request brings no session
    cookie (every participant's phone and machine client): a new, empty session either way."""

    def open_session(self, app, request):
        if app.config["SESSION_COOKIE_NAME"] not in request.cookies and app.secret_key:
            return self.session_class()
        return super().open_session(app, request)


def init_app(app):
    app.session_interface = SessionInterface()
    hops = app.config.get("PROXY_HOPS", 0)
    if hops:  # behind a reverse proxy: the client's address and scheme are the ones it forwards
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.before_request(refuse_nul_characters)
    app.after_request(set_security_headers)
