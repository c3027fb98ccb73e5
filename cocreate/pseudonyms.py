"""Keyed pseudonyms of participant codes, for records that must outlive an erasure (the audit log).

`pseudonym("ES-M-001")` is "P-" and 16 hexadecimal digits of an HMAC-SHA256 of the code, keyed by the app's
SECRET_KEY: the same code always gives the same pseudonym (so that an administrator can look an erasure up by
the code), but the code cannot be worked back from it without the key, even though codes are few and
sequential.  Changing SECRET_KEY makes earlier pseudonyms unfindable by code.
"""
import hashlib
import hmac

from flask import current_app

PREFIX = "P-"


def pseudonym(code):
    """The pseudonym of a participant code (case and spaces forgiven)."""
    key = hashlib.sha256(b"participant-code-pseudonym:" + str(current_app.config["SECRET_KEY"]).encode()).digest()
    mac = hmac.new(key, (code or "").strip().upper().encode(), hashlib.sha256).hexdigest()
    return PREFIX + mac[:16]
