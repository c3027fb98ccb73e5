"""Dates and times as people read and type them: one format per kind, in the pilot site's time zone.

Times are stored in UTC. A page shows a day with the `date` filter and a moment with the `datetime`
filter, both in the reader's language through Babel; a moment is shown in the time zone of the site it
happened at (`{{ note.observed_at|datetime(workshop.site) }}`), or in UTC for what belongs to the
project as a whole. A form takes a moment in the site's time zone and `to_utc` stores it.

    date      16 Oct 2019 (en) · 16 oct 2019 (es) · ١٦/١٠/٢٠١٩ with right-to-left marks (ar)
    datetime  16 Oct 2019, 10:20 (en) · 16 oct 2019, 10:20 (es)
"""
from datetime import date as Date
from datetime import datetime, timezone
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import pytz
from babel import dates as babel_dates
from flask_babel import get_locale

DATE_FORMAT = "medium"   # the one format for a day
TIME_FORMAT = "short"    # and for the time of day beside it
UTC = "UTC"


@cache
def time_zones():
    """Every IANA time zone name ("Africa/Abidjan", …, "UTC"), sorted."""
    return sorted(name for name in available_timezones() if "/" in name and not name.startswith(("Etc/", "SystemV/"))) + [UTC]


def is_time_zone(name):
    return name in set(time_zones())


def country_time_zone(country):
    """The main time zone of a country (ISO 3166 code): "Europe/Madrid" for ES, not the Canaries'; UTC
    when unknown. The time zone database lists a country's most populous zone first."""
    zones = pytz.country_timezones.get((country or "").upper(), ())
    return next((zone for zone in zones if is_time_zone(zone)), UTC)


def zone_of(site):
    """The time zone a site's moments are shown in: its own, or UTC for what has no site."""
    try:
        return ZoneInfo(site.time_zone) if site is not None and site.time_zone else timezone.utc
    except ZoneInfoNotFoundError:
        return timezone.utc


def zone_name(site):
    return site.time_zone if site is not None and site.time_zone else UTC


def to_utc(moment, site=None):
    """A moment typed in the site's time zone (naive) or already aware, as an aware UTC datetime."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone_of(site))
    return moment.astimezone(timezone.utc)


def local(moment, site=None):
    """A stored moment (UTC; naive means UTC, as SQLite returns them) in the site's time zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone_of(site))


def local_naive(moment, site=None):
    """The site's wall-clock time of a stored moment, without a zone: what a datetime-local field shows."""
    moment = local(moment, site)
    return moment.replace(tzinfo=None) if moment is not None else None


def _locale():
    return get_locale() or "en"


def format_day(value, site=None):
    """A day in the one date format; a datetime is first taken to the site's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value, site).date()
    return babel_dates.format_date(value, DATE_FORMAT, locale=_locale())


def format_moment(value, site=None):
    """A moment in the one date-and-time format, in the site's time zone (UTC without a site)."""
    if value is None:
        return ""
    if isinstance(value, Date) and not isinstance(value, datetime):
        return format_day(value)
    moment = local(value, site)
    locale = babel_dates.Locale.parse(_locale())
    pattern = locale.datetime_formats[DATE_FORMAT]
    return pattern.format(babel_dates.format_time(moment, TIME_FORMAT, locale=locale),
                          babel_dates.format_date(moment.date(), DATE_FORMAT, locale=locale))


def init_app(app):
    app.jinja_env.filters.update(date=format_day, datetime=format_moment)
