"""JSON for public authorities' systems, opened by an API token (`flask --app cocreate authority create-token`):

GET /api/v1/authority/records?purpose=P&page=N&per_page=M   with  Authorization: Bearer <token>
  200 {"authority": slug, "purpose": P, "records": [...], "page": N, "per_page": M, "total": n}
      the project's profiles as the firewall in force releases them to the token's authority for P
  400 a malformed purpose, page or page size · 401 no valid token (missing, unknown, revoked, expired), with
  WWW-Authenticate · 403 a purpose the token is not granted or the authority does not declare ·
  409 the firewall cannot be applied (nothing is released)

Every answer carries Cache-Control: no-store; every release is logged (channel "api").
"""
from datetime import date

from flask import jsonify, request
from flask_babel import gettext as _

from ..extensions import db
from . import api_bp as bp
from . import services

REALM = "CoCreate authority API"


def _refused(refusal):
    challenge = f'Bearer realm="{REALM}"'
    if refusal.code:
        challenge += f', error="{refusal.code}"'
    response = jsonify({"error": refusal.message})
    response.status_code = refusal.status
    response.headers["WWW-Authenticate"] = challenge
    return response


def _bad_request(message):
    return jsonify({"error": message}), 400


def _number(name, default, high):
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= high:
        raise ValueError(name)
    return int(raw)


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/records")
def records():
    try:
        token = services.authenticate(request.headers.get("Authorization"))
    except services.TokenRefused as refusal:
        return _refused(refusal)
    purpose = request.args.get("purpose", "")
    if not services.is_slug(purpose):
        return _bad_request(_("Name the purpose as a short name: lowercase letters, digits, - and _ only, at most "
                              "%(max)d characters, such as job-matching.", max=services.SLUG_LIMIT))
    try:
        per_page = _number("per_page", services.PER_PAGE_DEFAULT, services.PER_PAGE_MAX)
        page = _number("page", 1, 10 ** 6)
    except ValueError:
        return _bad_request(_("page is a whole number from 1, and per_page one from 1 to %(max)d.",
                              max=services.PER_PAGE_MAX))
    try:
        services.open_purpose(token, purpose)
    except services.TokenRefused as refusal:
        return _refused(refusal)
    authority = token.authority
    try:
        view = services.released_page(authority, purpose, page=page, per_page=per_page)
    except ValueError as error:
        db.session.rollback()
        return jsonify({"error": _("The firewall cannot be applied, so nothing is released: %(reason)s",
                                   reason=str(error))}), 409
    services.record_release(authority, purpose, view.records, channel="api", token=token)
    body = {"authority": authority.slug, "purpose": purpose, "records": _plain(view.records), "page": page,
            "per_page": per_page, "total": view.total}
    db.session.commit()
    return jsonify(body)
