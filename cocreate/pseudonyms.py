"""Keyed pseudonyms of participant codes, for records that must outlive an erasure (the audit log).

Each participant has a key of their own (`Participant.pseudonym_key`, random): the audit log names them by
`pseudonym(code, key)`, "P-" and 16 hexadecimal digits of an HMAC-SHA256 of the code under that key.  While the
participant exists, the same code always gives the same pseudonym, so that an administrator finds every entry
about them by their code; erasing the participant erases the key, and from then on nothing, not even the
app's SECRET_KEY and a list of every code ever given, ties those entries to the code.

Without a key of its own, `pseudonym(code)` is keyed by SECRET_KEY: the entry that records an erasure names
the erased code so (so that the erasure itself is found by the code), and so did entries written before
participants had keys.
"""
import hashlib
import hmac
import secrets

from flask import current_app

PREFIX = "P-"


def new_pseudonym_key():
    """A participant's own key: 32 random bytes as hexadecimal digits."""
    return secrets.token_hex(32)


def pseudonym(code, key=None):
    """The pseudonym of a participant code (case and spaces forgiven), under the participant's own `key` (their
    `pseudonym_key`), else under SECRET_KEY."""
    if key is None:
        key = hashlib.sha256(b"participant-code-pseudonym:" + str(current_app.config["SECRET_KEY"]).encode()).digest()
    else:
        key = bytes.fromhex(key)
    mac = hmac.new(key, (code or "").strip().upper().encode(), hashlib.sha256).hexdigest()
    return PREFIX + mac[:16]
