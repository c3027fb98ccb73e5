"""Link codes: what a participant types to link a survey response or prototype feedback to themselves.

Participant codes (ES-M-001…) are sequential, so they say who someone is but prove nothing.  A link code is 80
random bits written in Crockford's base 32 (digits and capital letters without I, L, O and U) in four groups of
four, e.g. ``7KQ2-M9XD-4TNB-HW3C``: short enough to type on a phone, far too many to guess.  Only its SHA-256
digest is stored, so a code is seen once, on the card printed when it is issued; issuing a new one makes the old
one stop working.  What is typed is forgiven case, spaces, hyphens, and O, I or L for 0 and 1.
"""
import base64
import hashlib
import secrets

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_FROM_RFC4648 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", CROCKFORD)
_AS_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})
RANDOM_BYTES = 10  # 80 bits: 16 characters of base 32
LENGTH = RANDOM_BYTES * 8 // 5
GROUP = 4


def new_link_code():
    """A fresh link code, grouped for reading ("7KQ2-M9XD-4TNB-HW3C")."""
    plain = base64.b32encode(secrets.token_bytes(RANDOM_BYTES)).decode().translate(_FROM_RFC4648)
    return "-".join(plain[i:i + GROUP] for i in range(0, LENGTH, GROUP))


def normalised(typed):
    """The 16 characters of a typed link code, or None when it cannot be one."""
    if not isinstance(typed, str):
        return None
    plain = "".join(ch for ch in typed.upper() if ch not in " -\t").translate(_AS_TYPED)
    if len(plain) != LENGTH or any(ch not in CROCKFORD for ch in plain):
        return None
    return plain


def link_digest(typed):
    """The stored digest of a link code (as typed), or None when it cannot be one."""
    plain = normalised(typed)
    if plain is None:
        return None
    return hashlib.sha256(b"participant-link-code:" + plain.encode()).hexdigest()


def new_link_digest():
    """The digest of a link code nobody is shown: a participant's until a card is printed for them."""
    return link_digest(new_link_code())
