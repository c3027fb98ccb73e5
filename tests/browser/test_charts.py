"""A Bokeh chart draws under the app's Content-Security-Policy, with BokehJS from the app itself."""
import pytest
from bokeh.plotting import figure
from flask import render_template_string

from cocreate import create_app
from cocreate.charts import chart_json
from cocreate.config import TestConfig

from .conftest import check_accessibility, serve

PAGE = """{% extends "base.html" %}{% from "_charts.html" import chart, chart_scripts %}
{% block content %}{{ chart(figure_json, "answers", "Answers per option") }}{% endblock %}
{% block scripts %}{{ chart_scripts() }}{% endblock %}"""


@pytest.fixture(scope="module")
def chart_server(tmp_path_factory):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path_factory.mktemp('charts') / 'c.db'}")

    @app.get("/chart")
    def chart_page():
        chart = figure(x_range=["yes", "no"], height=240, sizing_mode="stretch_width", toolbar_location=None)
        chart.vbar(x=["yes", "no"], top=[12, 7], width=0.8)
        return render_template_string(PAGE, figure_json=chart_json(chart, "answers"))

    with serve(app) as url:
        yield url


def test_chart_draws_without_breaking_the_policy(browser, chart_server):
    context = browser.new_context(base_url=chart_server)
    page = context.new_page()
    problems, requests = [], []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/chart")
    page.wait_for_function("document.querySelector('#answers').shadowRoot || "
                           "document.querySelector('#answers').children.length > 0")
    page.wait_for_timeout(300)
    assert problems == []
    assert all(url.startswith(chart_server) for url in requests), "a request left the app"
    assert page.locator("#answers canvas, #answers .bk-Figure, #answers > *").count() > 0
    check_accessibility(page, "chart")
    # the drawing is no stop for the keyboard: Tab goes from the page's links to nothing inside the chart
    for _ in range(30):
        page.keyboard.press("Tab")
        assert not page.evaluate("!!document.activeElement.closest('#answers')")
    context.close()
