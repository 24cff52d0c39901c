"""Import templates and exports (CSV or XLSX), served as attachments with server-chosen names."""
from flask import Response, abort, request
from flask_babel import get_locale
from flask_login import current_user

from app.auth.permissions import Action, can, require
from app.extensions import db, limiter
from app.imports import codes, exports
from app.imports.blueprint import EXPORT_LIMIT, bp, user_key
from app.imports.formats import FORMATS
from app.imports.messages import help_rows
from app.routing import MAX_ID
from app.training.models import CourseSession
from app.units.models import Unit

MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _file(data: bytes, name: str, fmt: str) -> Response:
    response = Response(data, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _table(header, rows, name: str, fmt: str) -> Response:
    if fmt not in MIMETYPES:
        abort(404)
    data = exports.to_csv(header, rows) if fmt == "csv" else exports.to_xlsx(header, rows, name)
    return _file(data, name, fmt)


@bp.route("/imports/templates/<kind>.<fmt>")
@require(Action.IMPORT)
def template_download(kind, fmt):
    """The empty file; `?session_id=` lists that session's standards among the codes."""
    if kind not in FORMATS or fmt not in MIMETYPES:
        abort(404)
    session_id = request.args.get("session_id", type=int) if kind == "results" else None
    if session_id is not None and not 0 < session_id <= MAX_ID:
        abort(404)
    session = db.get_or_404(CourseSession, session_id) if session_id else None
    rows = [codes.header()] + codes.code_rows(kind, str(get_locale()), current_user.state_id,
                                              session)
    name = f"{kind}-template" + (f"-session-{session.id}" if session else "")
    return _file(exports.template_file(kind, fmt, help_rows(kind), rows), name, fmt)


@bp.route("/exports/units/<int:unit_id>/roster.<fmt>")
@require(Action.EXPORT)
@limiter.limit(EXPORT_LIMIT, key_func=user_key)
def roster_export(unit_id, fmt):
    unit = db.get_or_404(Unit, unit_id)
    personal = can(current_user, Action.PERSONAL_DATA_VIEW)
    header, rows = exports.roster_rows(unit, personal)
    return _table(header, rows, f"roster-unit-{unit.id}", fmt)


@bp.route("/exports/units/<int:unit_id>/completions.<fmt>")
@require(Action.EXPORT)
@limiter.limit(EXPORT_LIMIT, key_func=user_key)
def unit_completions_export(unit_id, fmt):
    unit = db.get_or_404(Unit, unit_id)
    personal = can(current_user, Action.PERSONAL_DATA_VIEW)
    header, rows = exports.completion_rows(personal, unit=unit)
    return _table(header, rows, f"completions-unit-{unit.id}", fmt)


@bp.route("/exports/sessions/<int:session_id>/results.<fmt>")
@require(Action.EXPORT)
@limiter.limit(EXPORT_LIMIT, key_func=user_key)
def session_results_export(session_id, fmt):
    session = db.get_or_404(CourseSession, session_id)
    personal = can(current_user, Action.PERSONAL_DATA_VIEW)
    header, rows = exports.completion_rows(personal, session=session)
    return _table(header, rows, f"results-session-{session.id}", fmt)
