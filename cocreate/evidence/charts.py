"""The codebook's charts: how often each code was applied, stacked by pilot site and by stakeholder group.

They draw the counts as the page's tables show them (`services.shown_frequencies`): a hidden count is not
drawn, and a code with no count shown has no bar.

Bokeh is imported by the first chart drawn, not with the app (see `cocreate.charts`).
"""
from flask_babel import gettext as _

from ..charts import chart_json

SITE_COLOURS = ["#0b5cad", "#c2571a", "#1e6b35", "#6a3d9a", "#8c6d00", "#a4141c"]
TARGET_ID = "code-frequency-chart"
GROUP_TARGET_ID = "code-frequency-by-group-chart"
GROUP_COLOURS = ["#0b5cad", "#c2571a", "#1e6b35", "#6a3d9a", "#5f6368"]


def _stacked_bars(names, columns, labels, colours, target_id):
    """Horizontal bars, one per code (first code on top), stacked by `columns` ({key: [count per code]})."""
    from bokeh.models import ColumnDataSource
    from bokeh.plotting import figure

    keys = list(columns)
    data = {"code": names[::-1]}
    for index, key in enumerate(keys):
        data[f"c{index}"] = columns[key][::-1]
    plot = figure(y_range=names[::-1], height=max(220, 34 * len(names) + 80), sizing_mode="stretch_width",
                  toolbar_location=None, tools="", x_axis_label=_("Times applied"))
    plot.hbar_stack([f"c{index}" for index in range(len(keys))], y="code", height=0.7,
                    source=ColumnDataSource(data), color=colours[:len(keys)], legend_label=labels)
    plot.legend.location = "bottom_right"
    plot.ygrid.grid_line_color = None
    return chart_json(plot, target_id)


def _drawn(rows, cells):
    """The rows with a count shown above zero among their `cells` ("by_site" or "by_group")."""
    return [row for row in rows if any(count.value for count in getattr(row, cells).values())]


def code_frequency_chart(rows, sites):
    """`rows` as from services.shown_frequencies, `sites` as from code_frequencies; None when no bar is drawn."""
    rows = _drawn(rows, "by_site")
    if not rows:
        return None
    names = [row.code.name for row in rows]
    columns = {site: [row.by_site[site].value or 0 for row in rows] for site in sites}
    return _stacked_bars(names, columns, list(sites), SITE_COLOURS, TARGET_ID)


def code_frequency_by_group_chart(rows, groups):
    """The same counts stacked by stakeholder group (`groups`: the StakeholderGroup members), with the evidence
    said by no one person (notes, frames) as "not attributed"; None when no bar is drawn."""
    rows = _drawn(rows, "by_group")
    if not rows:
        return None
    names = [row.code.name for row in rows]
    keys = list(groups) + [None]
    columns = {key: [row.by_group[key].value or 0 for row in rows] for key in keys}
    labels = [str(group.label) for group in groups] + [_("Not attributed")]
    return _stacked_bars(names, columns, labels, GROUP_COLOURS, GROUP_TARGET_ID)
