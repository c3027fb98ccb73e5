"""Charts drawn in the browser by BokehJS, which this app serves itself (no CDN: pilot sites have poor connectivity).

A view builds a Bokeh figure and passes `chart_json(figure, target_id)` to its
template; the template places it with the `chart` macro of `_charts.html` and
loads the scripts with `chart_scripts()`.  The figure travels as JSON in a
`<script type="application/json">` block and one served file embeds it, so the
Content-Security-Policy needs no inline script.

Bokeh itself is imported when a chart is drawn or BokehJS is served, not when the app starts: importing
it takes about a second, which every server process (and every command) would pay for pages it may never
draw.
"""
import json
from importlib.metadata import version
from pathlib import Path

from flask import Blueprint, send_from_directory
from jinja2.utils import htmlsafe_json_dumps

bp = Blueprint("charts", __name__)

BOKEHJS_VERSION = version("bokeh")  # the package's metadata: the same as bokeh.__version__, without importing it
CACHE_SECONDS = 365 * 24 * 3600  # the URL carries the version


def bokehjs_dir():
    from bokeh.settings import settings

    return Path(settings.bokehjs_path()) / "js"


@bp.get("/bokeh/static/js/<path:filename>")
def bokehjs(filename):
    """BokehJS itself, from the installed bokeh package."""
    return send_from_directory(bokehjs_dir(), filename, max_age=CACHE_SECONDS)


def chart_json(figure, target_id):
    """The figure as JSON that is safe to put inside an HTML page, drawn into the element `target_id`.

    The toolbar is switched off: the chart is a picture of the table beside it, with nothing to operate.
    """
    from bokeh.embed import json_item

    if hasattr(figure, "toolbar_location"):
        figure.toolbar_location = None
    return htmlsafe_json_dumps(json_item(figure, target_id), dumps=json.dumps)
