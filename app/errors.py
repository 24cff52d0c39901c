"""One handler for client and server errors: a page for people, JSON for the API."""
import logging

from flask import jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db

log = logging.getLogger(__name__)
PAGES = {400, 401, 403, 404, 405, 413, 429, 500}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_http(error: HTTPException):
    code = error.code or 500
    if code >= 500:
        db.session.rollback()
    if _wants_json():
        response = jsonify(error=error.name, message=error.description, status=code)
    else:
        page = code if code in PAGES else (500 if code >= 500 else 400)
        response = make_response(render_template(f"errors/{page}.html", error=error))
    response.status_code = code
    original = error.get_response().headers
    for name in ("Retry-After", "WWW-Authenticate", "Allow"):
        if original.get(name):
            response.headers[name] = original[name]
    return response


def handle_unexpected(error: Exception):
    log.exception("unhandled error on %s", request.path)
    db.session.rollback()
    return handle_http(InternalServerError())


def register(app):
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
