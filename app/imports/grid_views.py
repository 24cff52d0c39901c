"""A whole session's results on one page (app/imports/grid.py), recorded all at once through
app/imports/batch.py; and the next step the session page offers once results are in."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.permissions import Action, authorize, can, require
from app.extensions import db
from app.imports import batch, grid
from app.imports.blueprint import bp
from app.imports.messages import row_message
from app.routing import page_arg
from app.training.models import CourseSession, SessionAttendee
from app.units.errors import RecordError
from app.units.models import Membership, Unit

NEXT_UNITS = 5


@bp.route("/training/sessions/<int:session_id>/results/grid", methods=["GET", "POST"])
@require(Action.RESULT_RECORD)
def results_grid(session_id):
    session = db.get_or_404(CourseSession, session_id)
    authorize(Action.RESULT_RECORD, session)
    page = page_arg(grid.PAGE)
    g = grid.Grid(session, page, show_numbers=can(current_user, Action.PERSONAL_DATA_VIEW))
    if page > 1 and not g.rows:
        abort(404)
    if request.method == "POST":
        g.read(request.form)
        counts = _record(session, g)
        if counts is not None:
            db.session.commit()
            flash(_("%(n)d results recorded. Next step: the readiness of the attendees' units, "
                    "below.", n=counts["results_new"]), "success")
            return redirect(url_for("training.session_detail", session_id=session.id,
                                    _anchor="next-step"))
    return render_template("imports/results_grid.html", session=session, grid=g,
                           summary=g.summary()), 422 if g.has_problems else 200


def _record(session: CourseSession, g: grid.Grid) -> dict | None:
    """The counts recorded, or None with every problem attached to the grid (nothing
    written)."""
    pairs = g.entries()
    cells, entries = [c for c, _e in pairs], [e for _c, e in pairs]
    if g.has_problems or g.on is None:
        if entries:  # show the rest of what is wrong at once
            g.refuse(cells, batch.check_results(session, entries))
        return None
    if not entries:
        g.general.append(row_message("no_results", {}))
        return None
    try:
        return batch.record_results(session, entries, actor=current_user)
    except batch.ResultsRefused as refused:
        g.refuse(cells, refused.problems)
    except RecordError as error:
        g.general.append(str(error))
    return None


@bp.app_template_global()
def attendee_units(session: CourseSession) -> list[Unit]:
    """The units (in the viewer's scope) whose rosters hold the session's attendees: where
    the results just recorded count next."""
    attendees = select(SessionAttendee.person_id).where(SessionAttendee.session_id == session.id)
    return list(db.session.scalars(
        select(Unit).where(Unit.id.in_(select(Membership.unit_id).where(
            Membership.person_id.in_(attendees))))
        .order_by(Unit.name, Unit.id).limit(NEXT_UNITS)))
