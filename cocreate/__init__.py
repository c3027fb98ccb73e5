"""CoCreate: the web application.

`create_app` builds the Flask app; `flask --app cocreate ...` finds it by name.
"""
import logging
import os
import secrets
import time
from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l

from . import database, dates, errors, i18n, paging, security, throttle  # noqa: F401 (throttle: its table)
from .config import Config
from .extensions import babel, csrf, db, login_manager, migrate

log = logging.getLogger(__name__)


def create_app(config=None, **overrides):
    """Build the app from `Config`, then `config` (a class or a mapping), then keyword overrides."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    if isinstance(config, Mapping):
        app.config.from_mapping(config)
    elif config is not None:
        app.config.from_object(config)
    app.config.from_mapping(overrides)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'cocreate.db'}"
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", i18n.translation_directories())

    register_extensions(app)
    register_template_helpers(app)
    register_blueprints(app)
    register_commands(app)
    security.init_app(app)
    errors.init_app(app)
    return app


def register_extensions(app):
    # First of all hooks, so that even a refused request (an expired form) answers in the chosen language.
    app.before_request(i18n.remember_requested_language)
    database.init_app(app)
    app.url_map.converters["int"] = database.RowIdConverter
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    babel.init_app(app, locale_selector=i18n.select_locale)
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.context_processor(i18n.inject_locale)


def register_template_helpers(app):
    from .auth.permissions import can
    from .charts import BOKEHJS_VERSION
    from .navigation import navigation

    app.jinja_env.globals.update(can=can, navigation=navigation, bokeh_version=BOKEHJS_VERSION)
    app.jinja_env.filters.update(language_name=i18n.language_name, country_name=i18n.country_name)
    dates.init_app(app)
    paging.init_app(app)


def register_blueprints(app):
    from .audit import bp as audit_bp
    from .audit import init_app as init_audit
    from .auth import bp as auth_bp
    from .authorities import api_bp as authority_api_bp
    from .authorities import bp as authorities_bp
    from .charts import bp as charts_bp
    from .evidence import bp as evidence_bp
    from .handbook_views import bp as handbook_bp
    from .history import bp as history_bp
    from .history import init_app as init_history
    from .immerse import bp as immerse_bp
    from .immerse import matching_api_bp
    from .main import bp as main_bp
    from .participants import bp as participants_bp
    from .privacy import bp as privacy_bp
    from .profiles import bp as profiles_bp
    from .projects import bp as projects_bp
    from .prototypes import bp as prototypes_bp
    from .requirements import api_bp as requirements_api_bp
    from .prototypes import feedback_bp as prototype_feedback_bp
    from .requirements import bp as requirements_bp
    from .surveys import answer_bp as survey_answer_bp
    from .surveys import api_bp as survey_api_bp
    from .surveys import bp as surveys_bp
    from .workshops import bp as workshops_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(charts_bp)
    app.register_blueprint(projects_bp, url_prefix="/projects")
    # Shared packages first: the features below register their kinds into them.
    app.register_blueprint(participants_bp, url_prefix="/participants")
    app.register_blueprint(evidence_bp, url_prefix="/evidence")
    app.register_blueprint(history_bp, url_prefix="/changes")
    init_history(app)
    app.register_blueprint(audit_bp, url_prefix="/audit")
    init_audit(app)
    app.register_blueprint(privacy_bp, url_prefix="/privacy")
    app.register_blueprint(profiles_bp, url_prefix="/profiles")
    app.register_blueprint(workshops_bp, url_prefix="/workshops")
    app.register_blueprint(surveys_bp, url_prefix="/surveys")
    app.register_blueprint(survey_answer_bp)  # /s/<code>: what participants open
    app.register_blueprint(survey_api_bp, url_prefix="/api/v1/surveys")
    app.register_blueprint(prototypes_bp, url_prefix="/prototypes")
    app.register_blueprint(prototype_feedback_bp)  # /p/<code>: what participants open
    app.register_blueprint(requirements_bp, url_prefix="/requirements")
    app.register_blueprint(requirements_api_bp, url_prefix="/api/v1/projects")
    app.register_blueprint(immerse_bp, url_prefix="/immerse")
    app.register_blueprint(matching_api_bp, url_prefix="/api/v1/matching")
    app.register_blueprint(handbook_bp, url_prefix="/handbook")  # above the features, as handbook_data is
    app.register_blueprint(authorities_bp, url_prefix="/authorities")
    app.register_blueprint(authority_api_bp, url_prefix="/api/v1/authority")


def register_commands(app):
    from .audit.cli import audit_cli
    from .authorities.cli import authority_cli
    from .auth.cli import create_user_command
    from .backup import backup_command, restore_command
    from .cli import translations_cli
    from .demo import seed_demo_command
    from .scale import seed_scale_command
    from .handbook_cli import handbook_cli
    from .privacy.cli import privacy_cli
    from .profiles.cli import esco_cli, profiles_cli
    from .prototypes.cli import prototypes_cli
    from .requirements.cli import requirements_cli
    from .surveys.cli import surveys_cli

    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(seed_scale_command)
    app.cli.add_command(translations_cli)
    app.cli.add_command(surveys_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(authority_cli)
    app.cli.add_command(requirements_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(prototypes_cli)
    app.cli.add_command(handbook_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(esco_cli)
    app.cli.add_command(profiles_cli)


def _instance_secret_key(instance_path):
    """The instance's own secret key, generated on first start and kept (owner-readable only).

    Created with O_EXCL, so that two processes starting at once agree on one key.
    """
    key_file = instance_path / "secret_key"
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        log.info("generated a new secret key in %s", key_file)
    for _attempt in range(50):  # another process may be writing it right now
        key = key_file.read_text().strip()
        if key:
            return key
        time.sleep(0.01)
    raise RuntimeError(f"{key_file} is empty: remove it to generate a new key")
