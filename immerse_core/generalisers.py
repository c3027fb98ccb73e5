"""Generalisers: turn an exact value into a coarser one the firewall may release.

A generaliser is a small callable class taking one value and returning its generalisation (None stays None).
`default_generalisers()` builds the registry a `Policy` checks rule names against.
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

Generaliser = Callable[[object], object]

# UN M49 "Standard country or area codes for statistical use" (United Nations Statistics Division), sub-regions,
# keyed by ISO 3166-1 alpha-2 code: the countries of the demo's sites and of the people they serve, and their neighbours.
M49_SUBREGIONS: Mapping[str, str] = {
    # Northern Africa
    "DZ": "Northern Africa", "EG": "Northern Africa", "LY": "Northern Africa", "MA": "Northern Africa",
    "SD": "Northern Africa", "TN": "Northern Africa", "EH": "Northern Africa",
    # Sub-Saharan Africa: Eastern, Middle, Southern, Western Africa
    "ER": "Eastern Africa", "ET": "Eastern Africa", "SO": "Eastern Africa", "KE": "Eastern Africa",
    "UG": "Eastern Africa", "SS": "Eastern Africa", "DJ": "Eastern Africa", "RW": "Eastern Africa",
    "BI": "Eastern Africa", "TZ": "Eastern Africa", "CM": "Middle Africa", "CD": "Middle Africa",
    "CF": "Middle Africa", "TD": "Middle Africa", "CG": "Middle Africa", "AO": "Middle Africa",
    "ZA": "Southern Africa", "SN": "Western Africa", "GM": "Western Africa", "ML": "Western Africa",
    "NG": "Western Africa", "GH": "Western Africa", "CI": "Western Africa", "GN": "Western Africa",
    "MR": "Western Africa", "BF": "Western Africa", "NE": "Western Africa", "SL": "Western Africa",
    "LR": "Western Africa", "GW": "Western Africa", "TG": "Western Africa", "BJ": "Western Africa",
    # Asia
    "AF": "Southern Asia", "IR": "Southern Asia", "PK": "Southern Asia", "BD": "Southern Asia",
    "IN": "Southern Asia", "LK": "Southern Asia", "NP": "Southern Asia",
    "SY": "Western Asia", "IQ": "Western Asia", "LB": "Western Asia", "JO": "Western Asia",
    "PS": "Western Asia", "TR": "Western Asia", "YE": "Western Asia", "GE": "Western Asia",
    "AM": "Western Asia", "AZ": "Western Asia", "CY": "Western Asia", "SA": "Western Asia",
    "CN": "Eastern Asia", "PH": "South-eastern Asia", "VN": "South-eastern Asia",
    # Europe
    "ES": "Southern Europe", "IT": "Southern Europe", "GR": "Southern Europe", "PT": "Southern Europe",
    "AL": "Southern Europe", "MT": "Southern Europe", "FR": "Western Europe", "DE": "Western Europe",
    "BE": "Western Europe", "NL": "Western Europe", "AT": "Western Europe", "GB": "Northern Europe",
    "IE": "Northern Europe", "SE": "Northern Europe", "RO": "Eastern Europe", "UA": "Eastern Europe",
    "RU": "Eastern Europe", "PL": "Eastern Europe", "BG": "Eastern Europe", "MD": "Eastern Europe",
    # Americas
    "CO": "South America", "VE": "South America", "PE": "South America", "EC": "South America",
    "BR": "South America", "AR": "South America", "BO": "South America", "HN": "Central America",
    "NI": "Central America", "SV": "Central America", "MX": "Central America", "DO": "Caribbean",
    "CU": "Caribbean", "US": "Northern America",
}

AGE_BANDS = ((0, 17), (18, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, None))


@dataclass(frozen=True)
class AgeBand:
    """A date of birth (or an age in years) → a band such as "25–34", as of `reference`; never the exact age."""

    reference: date

    def age(self, value: object) -> int:
        if isinstance(value, date):
            before_birthday = (self.reference.month, self.reference.day) < (value.month, value.day)
            return self.reference.year - value.year - before_birthday
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ValueError(f"not a date of birth or an age: {value!r}")

    def __call__(self, value: object) -> str | None:
        if value is None:
            return None
        years = self.age(value)
        if years < 0:
            raise ValueError(f"born after the reference date {self.reference}")
        for low, high in AGE_BANDS:
            if high is None or years <= high:
                return f"{low}+" if high is None else f"{low}–{high}"
        raise AssertionError("unreachable")


@dataclass(frozen=True)
class Region:
    """A municipality or postcode → its region, from a mapping given as data; unknown places give "unknown"."""

    mapping: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, value: object) -> str | None:
        if value is None:
            return None
        return self.mapping.get(str(value).strip(), "unknown")


@dataclass(frozen=True)
class WorldRegion:
    """A country (ISO 3166-1 alpha-2) → its UN M49 sub-region; unknown countries give "unknown"."""

    mapping: Mapping[str, str] = field(default_factory=lambda: M49_SUBREGIONS)

    def __call__(self, value: object) -> str | None:
        if value is None:
            return None
        return self.mapping.get(str(value).strip().upper(), "unknown")


def default_generalisers(reference: date | None = None,
                         regions: Mapping[str, str] | None = None) -> dict[str, Generaliser]:
    """The registry of generalisers by name: `age_band`, `region` and `world_region`."""
    return {
        "age_band": AgeBand(reference or date.today()),
        "region": Region(dict(regions or {})),
        "world_region": WorldRegion(),
    }
