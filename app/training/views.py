"""Course session pages: list, new (national and ToT), detail. Attendees and results are in
result_views.py, partnerships in partnership_views.py, trainers in trainer_views.py."""
from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import Action, require
from app.extensions import db
from app.routing import page_arg
from app.training import (partnership_views, queries, result_views,  # noqa: F401  (routes)
                          trainer_views)
from app.training.blueprint import bp
from app.training.forms import SessionForm
from app.training.models import CourseSession
from app.training.viewhelpers import (create_from_form, fill_session_form, session_page_forms,
                                      trainer_label)

__all__ = ["bp"]


@bp.route("/sessions")
@require(Action.SESSION_VIEW)
def session_list():
    return render_template("training/session_list.html", rows=queries.sessions_with_counts())


@bp.route("/sessions/new", methods=["GET", "POST"])
@require(Action.SESSION_EDIT)
def session_new():
    form = fill_session_form(SessionForm(), tot=False,
                             trainers=queries.qualified_trainers([current_user.state_id]))
    if form.validate_on_submit():
        session = create_from_form(form, current_user.state_id)
        if session:
            return redirect(url_for("training.session_detail", session_id=session.id))
    return render_template("training/session_form.html", form=form, heading=_("New session"))


@bp.route("/tot/sessions/new", methods=["GET", "POST"])
@require(Action.TOT_SESSION_EDIT)
def tot_session_new():
    form = fill_session_form(SessionForm(), tot=True, trainers=queries.tot_instructors(
        current_user), centre_kind="un_tot")
    if form.validate_on_submit():
        centre = queries.centres("un_tot")
        centre = next((c for c in centre if c.id == form.centre_id.data), None)
        if centre is None:
            form.centre_id.errors.append(_("Choose the Training of Trainers centre."))
        else:
            session = create_from_form(form, centre.state_id, is_tot=True)
            if session:
                return redirect(url_for("training.session_detail", session_id=session.id))
    return render_template("training/session_form.html", form=form,
                           heading=_("New Training of Trainers session"))


@bp.route("/sessions/<int:session_id>")
@require(Action.SESSION_VIEW)
def session_detail(session_id):
    session = db.get_or_404(CourseSession, session_id)
    page = page_arg(queries.PAGE)
    people, results, total = queries.attendee_page(session, page)
    if page > 1 and not people:
        abort(404)
    return render_template(
        "training/session_detail.html", session=session, people=people, results=results,
        total=total, page=page, pages=max((total + queries.PAGE - 1) // queries.PAGE, 1),
        granted=queries.qualifications_in_session(session) if session.is_tot else {},
        trainer_label=trainer_label, **session_page_forms(session))
