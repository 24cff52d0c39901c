"""Locale selection: the user's choice in the session, then the browser's preference."""
from functools import lru_cache

from flask import current_app, has_request_context, request, session
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header


def select_locale():
    if not has_request_context():  # CLI, jobs: the default locale
        return current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return _best_match(request.headers.get("Accept-Language", ""),
                       tuple(current_app.config["LANGUAGES"])) or "en"


@lru_cache(maxsize=256)
def _best_match(header: str, languages: tuple) -> str | None:
    """The browser's preferred language among `languages`; kept, as browsers send a handful of
    different headers."""
    return parse_accept_header(header, LanguageAccept).best_match(languages)
