"""Audit pages (the `audit` blueprint): UN administrators see every event (filter by state,
action, dates); a state's staff see their own state's events only (the tenancy hook scopes
AuditEvent by state too). The trail itself is app/audit, below every domain that writes to it;
its pages are here, with the other administration pages, since they read users and states."""
from datetime import datetime, time, timedelta, timezone

from flask import Blueprint, current_app, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.admin import audit_words as words
from app.admin.audit_forms import EventFilterForm
from app.audit import checkpoints
from app.audit.models import AuditEvent
from app.auth.permissions import Action, can, require, require_login_for_blueprint
from app.catalogue.models import MemberState
from app.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/audit")
require_login_for_blueprint(bp)
PAGE = 50


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


@bp.route("/events")
@require(Action.AUDIT_VIEW_ALL, Action.AUDIT_VIEW_STATE)
def event_list():
    sees_all = can(current_user, Action.AUDIT_VIEW_ALL)
    states = db.session.scalars(select(MemberState).order_by(MemberState.iso3)).all() \
        if sees_all else []
    form = EventFilterForm(request.args)
    form.state.choices = [SelectChoice("", "—")] + [
        SelectChoice(s.iso3, f"{s.iso3} · {s.name(str(get_locale()))}") for s in states]
    form.action.choices = [SelectChoice("", _("Anything"))] + [
        SelectChoice(value, label) for value, label in words.action_choices()]
    query = select(AuditEvent).order_by(AuditEvent.seq.desc())
    if not sees_all:
        query = query.where(AuditEvent.state_id == current_user.state_id)
    page = 1
    if form.validate():
        page = form.page.data or 1
        if sees_all and form.state.data:
            query = query.where(AuditEvent.state_id == next(
                s.id for s in states if s.iso3 == form.state.data))
        if form.action.data:
            query = query.where(AuditEvent.action.startswith(form.action.data))
        if form.date_from.data:
            query = query.where(AuditEvent.ts >= _day_start(form.date_from.data))
        if form.date_to.data:
            query = query.where(AuditEvent.ts < _day_start(form.date_to.data + timedelta(days=1)))
    rows = db.session.scalars(query.offset((page - 1) * PAGE).limit(PAGE + 1)).all()
    events, has_more = rows[:PAGE], len(rows) > PAGE
    names = words.load_names(events, can(current_user, Action.PERSONAL_DATA_VIEW))
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/event_list.html", form=form, events=events, names=names,
                           describe=words.describe, page=page, has_more=has_more, args=args,
                           sees_all=sees_all,
                           checkpoint=checkpoints.latest_status(current_app.config)
                           if sees_all else None)
