"""User management pages (un_admin only): list, invite, change role, disable, end sessions."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.admin.forms import DetailsForm, InviteForm, RoleForm, UserFilterForm
from app.auth import tokens
from app.auth.forms import EmptyForm
from app.auth.messages import account_error_text
from app.auth.models import Invitation, Role, User
from app.auth.permissions import Action, require, require_login_for_blueprint
from app.auth.services import (AccountError, change_role, end_user_sessions, set_details,
                               set_enabled)
from app.catalogue.models import MemberState
from app.extensions import db
from app.timeutil import utcnow

bp = Blueprint("admin", __name__, url_prefix="/admin")
require_login_for_blueprint(bp)
PAGE = 100


def _states():
    return db.session.scalars(select(MemberState).order_by(MemberState.iso3)).all()


@bp.route("/users")
@require(Action.USER_MANAGE)
def user_list():
    form = UserFilterForm(request.args)
    query = select(User).order_by(User.email).limit(PAGE)
    if form.validate():
        if form.q.data:
            query = query.where(func.lower(User.email).contains(form.q.data.strip().lower()))
        if form.role.data:
            query = query.where(User.role == Role(form.role.data))
    users = db.session.scalars(query).all()
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.used_at.is_(None), Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc())).all()
    return render_template("admin/user_list.html", users=users, form=form,
                           invitations=invitations, page_size=PAGE)


@bp.route("/users/invite", methods=["GET", "POST"])
@require(Action.USER_MANAGE)
def user_invite():
    """The invitation link is shown once, on the answer to this form; it works once, for 72 h."""
    form = InviteForm()
    form.set_states(_states(), str(get_locale()))
    if form.validate_on_submit():
        try:
            invitation, token = tokens.create_invitation(
                form.email.data, Role(form.role.data), state_id=form.state_id(),
                display_name=form.display_name.data or "", actor=current_user)
        except AccountError as exc:
            db.session.rollback()
            form.email.errors.append(account_error_text(exc))
            return render_template("admin/user_invite.html", form=form), 200
        db.session.commit()
        link = url_for("auth.invite_accept", token=token, _external=True)
        return render_template("admin/invite_done.html", invitation=invitation, link=link)
    return render_template("admin/user_invite.html", form=form)


def _user_or_404(user_id) -> User:
    return db.get_or_404(User, user_id)


@bp.route("/users/<int:user_id>")
@require(Action.USER_MANAGE)
def user_detail(user_id):
    user = _user_or_404(user_id)
    form = RoleForm(role=user.role.value, state=str(user.state_id or ""))
    form.set_states(_states(), str(get_locale()))
    details = DetailsForm(display_name=user.display_name, job_title=user.job_title)
    return render_template("admin/user_detail.html", user=user, role_form=form,
                           details_form=details, button=EmptyForm())


@bp.route("/users/<int:user_id>/details", methods=["POST"])
@require(Action.USER_MANAGE)
def user_details(user_id):
    """Name and function, as pages and the certificates the user issues print them."""
    user = _user_or_404(user_id)
    form = DetailsForm()
    if form.validate_on_submit():
        set_details(user, form.display_name.data, form.job_title.data, actor=current_user)
        db.session.commit()
        flash(_("Name and function saved. Certificates already issued keep what they print."),
              "success")
    else:
        flash(_("Enter a name (at most 200 characters) and a function of at most 120."),
              "danger")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@require(Action.USER_MANAGE)
def user_role(user_id):
    user = _user_or_404(user_id)
    form = RoleForm()
    form.set_states(_states(), str(get_locale()))
    if form.validate_on_submit():
        try:
            change_role(user, Role(form.role.data), form.state_id(), actor=current_user)
        except AccountError as exc:
            db.session.rollback()
            flash(account_error_text(exc), "danger")
            return redirect(url_for("admin.user_detail", user_id=user_id))
        db.session.commit()
        flash(_("Role changed. The user's sessions were ended."), "success")
    else:
        flash(_("Choose a role (and a Member State for state roles)."), "danger")
    return redirect(url_for("admin.user_detail", user_id=user_id))


def _toggle(user_id, enabled: bool, message: str):
    user = _user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        try:
            set_enabled(user, enabled, actor=current_user)
        except AccountError as exc:
            db.session.rollback()
            flash(account_error_text(exc), "danger")
            return redirect(url_for("admin.user_detail", user_id=user_id))
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.route("/users/<int:user_id>/disable", methods=["GET", "POST"])
@require(Action.USER_MANAGE)
def user_disable(user_id):
    """A disabled user is signed out everywhere and their API tokens stop working; GET asks
    first."""
    if request.method == "GET":
        user = _user_or_404(user_id)
        return render_template(
            "confirm.html", heading=_("Disable account"), form=EmptyForm(),
            what=_("The account of %(name)s (%(email)s) is disabled.", name=user.display_name,
                   email=user.email),
            consequences=[_("They are signed out everywhere at once and cannot sign in."),
                          _("Their API tokens are revoked for good; enabling the account again "
                            "does not bring them back.")],
            action=url_for("admin.user_disable", user_id=user.id), button=_("Disable account"),
            back=url_for("admin.user_detail", user_id=user.id))
    return _toggle(user_id, False, _("Account disabled; its sessions were ended."))


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
@require(Action.USER_MANAGE)
def user_enable(user_id):
    return _toggle(user_id, True, _("Account enabled."))


@bp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
@require(Action.USER_MANAGE)
def user_sessions_end(user_id):
    user = _user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        end_user_sessions(user, actor=current_user)
        db.session.commit()
        flash(_("The user was signed out everywhere."), "success")
    return redirect(url_for("admin.user_detail", user_id=user_id))

