"""Triangular partnership pages. Partnerships are not tenant rows: every view loads them through
`queries.partnership_or_none`, which applies the partnership visibility rule (404 otherwise)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.auth.models import User
from app.auth.permissions import Action, can, require
from app.extensions import db
from app.forms import PickerItem, fill_picker
from app.training import queries, services
from app.training.blueprint import bp
from app.training.forms import LinkTrainerForm, PartnershipForm, SessionForm
from app.training.viewhelpers import create_from_form, fill_session_form
from app.units.errors import RecordError
from app.units.viewhelpers import save, submit


def _partnership(partnership_id):
    partnership = queries.partnership_or_none(current_user, partnership_id)
    if partnership is None:
        abort(404)
    return partnership


def _roles(partnership) -> dict[str, list]:
    by_role = {"trainee": [], "partner": [], "donor": []}
    states = {s.id: s for s in queries.states([ps.state_id for ps in partnership.states])}
    for ps in partnership.states:
        by_role[ps.role].append(states[ps.state_id])
    return by_role


@bp.route("/partnerships")
@require(Action.PARTNERSHIP_VIEW)
def partnership_list():
    partnerships = list(db.session.scalars(queries.visible_partnerships(current_user)))
    return render_template("training/partnership_list.html", partnerships=partnerships,
                           roles={p.id: _roles(p) for p in partnerships})


@bp.route("/partnerships/new", methods=["GET", "POST"])
@require(Action.PARTNERSHIP_EDIT)
def partnership_new():
    form = PartnershipForm()
    states = [PickerItem(s.id, s.name(str(get_locale()))) for s in queries.states()]
    for field in (form.trainee_state_ids, form.partner_state_ids, form.donor_state_ids):
        fill_picker(field, states, ticked_first=True)
    if form.validate_on_submit():
        partnership = save(form, lambda: services.create_partnership(
            form.code.data, form.name.data, form.un_entity.data, form.stream.data,
            form.donors.data, form.start_on.data, form.end_on.data,
            form.trainee_state_ids.data, form.partner_state_ids.data,
            form.donor_state_ids.data, actor=current_user), _("Partnership created."))
        if partnership:
            return redirect(url_for("training.partnership_detail", partnership_id=partnership.id))
    return render_template("training/partnership_form.html", form=form)


@bp.route("/partnerships/<int:partnership_id>")
@require(Action.PARTNERSHIP_VIEW)
def partnership_detail(partnership_id):
    partnership = _partnership(partnership_id)
    editable = can(current_user, Action.PARTNERSHIP_EDIT)
    return render_template(
        "training/partnership_detail.html", partnership=partnership, roles=_roles(partnership),
        sessions=queries.partnership_sessions(partnership),
        trainers=queries.partner_trainers(partnership) if editable else [],
        link_form=LinkTrainerForm() if editable else None, editable=editable)


@bp.route("/partnerships/<int:partnership_id>/trainers", methods=["POST"])
@require(Action.PARTNERSHIP_EDIT)
def partnership_link(partnership_id):
    partnership = _partnership(partnership_id)
    form = LinkTrainerForm()

    def link():
        user = db.session.scalar(select(User).where(
            func.lower(User.email) == form.email.data.strip().lower()))
        if user is None:
            raise RecordError("unknown_user", _("No account with this email."), "email")
        services.link_partner_trainer(partnership, user, actor=current_user)
    submit(form, link, _("Partner trainer linked."))
    return redirect(url_for("training.partnership_detail", partnership_id=partnership.id))


@bp.route("/partnerships/<int:partnership_id>/trainers/<int:user_id>/remove", methods=["POST"])
@require(Action.PARTNERSHIP_EDIT)
def partnership_unlink(partnership_id, user_id):
    partnership = _partnership(partnership_id)
    user = db.get_or_404(User, user_id)
    services.unlink_partner_trainer(partnership, user, actor=current_user)
    db.session.commit()
    flash(_("Partner trainer unlinked."), "success")
    return redirect(url_for("training.partnership_detail", partnership_id=partnership.id))


@bp.route("/partnerships/<int:partnership_id>/sessions/new", methods=["GET", "POST"])
@require(Action.PARTNERSHIP_EDIT)
def partnership_session_new(partnership_id):
    partnership = _partnership(partnership_id)
    roles = _roles(partnership)
    form = fill_session_form(
        SessionForm(), tot=False, state_choices=roles["trainee"],
        trainers=queries.qualified_trainers([s.id for s in roles["partner"]]))
    if form.validate_on_submit():
        session = create_from_form(form, form.state_id.data, partnership_id=partnership.id)
        if session:
            return redirect(url_for("training.session_detail", session_id=session.id))
    return render_template("training/session_form.html", form=form, partnership=partnership,
                           heading=_("New session under %(code)s", code=partnership.code))
