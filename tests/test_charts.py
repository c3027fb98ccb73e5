import json

from bokeh.plotting import figure

from cocreate.charts import chart_json


def test_chart_json_is_safe_inside_a_page():
    chart = figure(title="</script><script>alert(1)</script>", x_range=["a"])
    chart.vbar(x=["a"], top=[1], width=0.5)
    text = str(chart_json(chart, "chart-1"))
    assert "</script>" not in text and "<script>" not in text
    item = json.loads(text)
    assert item["target_id"] == "chart-1" and "doc" in item


def test_bokehjs_is_served_by_the_app(client):
    response = client.get("/bokeh/static/js/bokeh.min.js")
    assert response.status_code == 200
    assert "javascript" in response.mimetype
    assert response.cache_control.max_age > 86400
    response.close()
    assert client.get("/bokeh/static/js/../../../settings.py").status_code == 404


def test_building_the_app_does_not_import_bokeh(tmp_path):
    """Bokeh's import took about a second of every process's start: it now comes with the first chart."""
    import subprocess
    import sys

    check = ("import sys\nfrom cocreate import create_app\nfrom cocreate.config import TestConfig\n"
             f"create_app(TestConfig, SQLALCHEMY_DATABASE_URI='sqlite:///{tmp_path / 'unused.db'}')\n"
             "print(sorted(name for name in sys.modules if name.split('.')[0] == 'bokeh'))")
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_page_names_the_installed_bokehjs(client):
    import bokeh

    from cocreate.charts import BOKEHJS_VERSION

    assert BOKEHJS_VERSION == bokeh.__version__
