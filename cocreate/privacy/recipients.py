"""The registry of recipients: who outside the project receives personal data, for which purpose, and what.

`RECIPIENT_SOURCES` starts empty.  The feature that discloses data registers a source (IMMERSE's web front:
the authorities and purposes of the firewall configuration in force in a project), so that the record of
processing activities (`privacy.ropa`) lists the recipients without importing the feature.
"""
from collections.abc import Callable
from dataclasses import dataclass

RECIPIENT_SOURCES: list[Callable] = []  # project -> [Disclosure]


@dataclass(frozen=True)
class Disclosure:
    """What one recipient receives for one purpose: [(attribute, action)] where the action releases something
    ("allow", "generalise" or "pseudonymise"), and the requirements the rules behind it implement."""

    recipient: str
    purpose: str
    released: tuple = ()
    requirements: tuple = ()


def register_recipients(source):
    """Add a source of disclosures: a callable taking a project and returning a list of `Disclosure`."""
    RECIPIENT_SOURCES.append(source)
    return source


def disclosures(project):
    """Every disclosure of `project`, from every source, ordered by recipient and purpose."""
    found = [disclosure for source in RECIPIENT_SOURCES for disclosure in source(project)]
    return sorted(found, key=lambda d: (d.recipient, d.purpose))
