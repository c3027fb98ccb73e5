"""Handing something out to participants: a 4-character code, an absolute link, its QR code, a handout.

Shared by the features participants open on their phones (surveys, prototype feedback rounds): each keeps
its own codes in its own table and gives `new_code` a way to tell whether a code is taken.  Opening something
by its code goes through `open_by_code` (and the "enter the code" page through `enter_code_page`): a code that
opens nothing is counted against the client's address, and an address that sent too many is refused whatever
code it sends until its window ends (`throttle.HANDOUT_CODE`).
"""
import io
import secrets
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
from flask import Response, abort, current_app, make_response, redirect, request
from flask_babel import force_locale
from flask_babel import gettext as _

from . import throttle
from .i18n import LANGUAGES

CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud and type
DEVELOPMENT_PUBLIC_URL = "http://127.0.0.1:5000"


def normalise_code(code):
    """A code as typed (case and spaces forgiven), or None when it cannot be one."""
    code = (code or "").strip().upper()
    return code if len(code) == 4 else None


def new_code(is_taken):
    """A free 4-character code: one for which `is_taken(code)` is false."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))
        if not is_taken(code):
            return code


def _paused(seconds, language):
    """The refusal of a paused address: JSON under /api/, else a participant page in `language`."""
    if request.path.startswith("/api/"):
        return make_response(*throttle.paused_json(language, seconds))
    return make_response(*throttle.paused_page(language, seconds))


def open_by_code(code, find, *, language=None, checked=False):
    """What `find(code)` opens (a survey, a round…), else 404, counting a code that opens nothing against the
    client's address.  While the address is paused the answer is 429 whatever the code (the right one too), in
    `language` where given; `checked` says the caller has already asked whether it is paused."""
    if not checked and (wait := throttle.handout_code_wait()) is not None:
        abort(_paused(wait, language))
    found = find(code)
    if found is None:
        wait = throttle.handout_code_failed()
        abort(_paused(wait, language) if wait is not None else 404)
    return found


def enter_code_page(find, found_url, *, action, heading, button, not_found):
    """The page where a participant types the code from their handout (`?code=`), in the page's language:
    a code that opens something (`find(code)`) redirects to `found_url(it)`; one that opens nothing shows
    `not_found` and is counted as in `open_by_code`."""
    from .participants.shell import render_participant

    code = request.args.get("code", "").strip()[:32]
    error = None
    if code:
        if (wait := throttle.handout_code_wait()) is not None:
            return _paused(wait, None)
        found = find(code)
        if found is not None:
            return redirect(found_url(found))
        if (wait := throttle.handout_code_failed()) is not None:
            return _paused(wait, None)
        error = not_found
    return render_participant("sharing/enter_code.html", code=code, error=error, action=action,
                              heading=heading, button=button)


def public_base_url(config):
    """The address participants reach the app at: `PUBLIC_URL`, else `SERVER_NAME`, else the development server's.

    Never the request's Host header, which whoever sends the request chooses.
    """
    if config.get("PUBLIC_URL"):
        return config["PUBLIC_URL"]
    if config.get("SERVER_NAME"):
        root = (config.get("APPLICATION_ROOT") or "/").rstrip("/")
        return f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{config['SERVER_NAME']}{root}"
    return DEVELOPMENT_PUBLIC_URL


def participant_url(endpoint, **values):
    """An absolute address of a participant page, built on `public_base_url`."""
    base = urlsplit(public_base_url(current_app.config))
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def qr_response(link, filename):
    """The QR code of `link` as an SVG download named `filename`."""
    image = qrcode.make(link, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    out = io.BytesIO()
    image.save(out)
    return Response(out.getvalue(), mimetype="image/svg+xml",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def handout_sides(titles, languages, *, link, enter_link):
    """The handout's text in each language, side by side: the title in that language (`titles`, a dict) and,
    where the interface speaks it, the instructions (a language the interface lacks gets its title only)."""
    sides = []
    for language in dict.fromkeys(languages):
        title = titles.get(language)
        if language in LANGUAGES:
            with force_locale(language):
                sides.append({"language": language, "title": title, "code": _("Code"),
                              "instructions": _("Or open %(address)s and type the code.", address=enter_link),
                              "qr_alt": _("QR code of the link %(link)s", link=link)})
        elif title:
            sides.append({"language": language, "title": title, "code": None, "instructions": None,
                          "qr_alt": None})
    return sides
