"""The browser tests' server leaves no file open, even for a client that goes before its answer is sent."""
import gc
import warnings

from werkzeug.test import EnvironBuilder

from cocreate import create_app
from cocreate.config import TestConfig

from .conftest import closing_bodies


def unclosed_files_after_dropping(wsgi_app, path):
    """ResourceWarnings raised when the body of `path` is dropped unclosed, as a server does when its client
    is gone."""
    environ = EnvironBuilder(path=path).get_environ()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        body = wsgi_app(environ, lambda status, headers, exc_info=None: None)
        del body
        gc.collect()
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


def test_a_static_file_is_closed_before_it_is_sent(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'unused.db'}")
    assert unclosed_files_after_dropping(app, "/static/favicon.svg")  # what the bare app leaves to its server
    assert unclosed_files_after_dropping(closing_bodies(app), "/static/favicon.svg") == []
