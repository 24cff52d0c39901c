"""Locale selection: the user's choice in the session, then the browser's preference."""
from flask import current_app, has_request_context, request, session


def select_locale():
    if not has_request_context():  # CLI, jobs: the default locale
        return current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "en"
