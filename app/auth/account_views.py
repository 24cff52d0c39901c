"""A user's own account: password, two-step verification, personal API tokens; and accepting
an invitation."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from sqlalchemy import select

from app.auth import tokens
from app.auth.blueprint import bp
from app.auth.forms import (ApiTokenForm, ChangePasswordForm, DisableMfaForm, EmptyForm,
                            SetPasswordForm, password_help)
from app.auth.messages import account_error_text
from app.auth.models import ApiToken
from app.auth.services import AccountError, change_password
from app.auth.signin import renew_session
from app.extensions import db


def _account_page(new_token: str | None = None, token_form=None):
    user = current_user
    api_tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                    .order_by(ApiToken.created_at.desc())).all()
    return render_template("auth/account.html", user=user, api_tokens=api_tokens,
                           token_form=token_form or ApiTokenForm(),
                           mfa_off_form=DisableMfaForm(), new_token=new_token)


@bp.route("/account")
@login_required
def account():
    return _account_page()


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password_change():
    """Needs the current password; ends every other session of the user."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current_password.data, form.new_password.data)
        except AccountError as exc:
            db.session.rollback()
            form.current_password.errors.append(account_error_text(exc))
            return render_template("auth/password_change.html", form=form), 200
        renew_session(user)  # this browser continues; every other session is out
        db.session.commit()
        flash(_("Your password is changed. Other sessions were signed out."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/password_change.html", form=form, help=password_help())


@bp.route("/account/tokens", methods=["POST"])
@login_required
def token_create():
    """The token is shown once, on this response; only its hash is kept."""
    form = ApiTokenForm()
    if not form.validate_on_submit():
        return _account_page(token_form=form), 200
    _token, secret = tokens.create_api_token(current_user, form.name.data,
                                             days=int(form.days.data))
    db.session.commit()
    return _account_page(new_token=secret)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@login_required
def token_revoke(token_id):
    """GET: what revoking the token means; POST: revoke it (final)."""
    token = tokens.user_token(current_user, token_id)
    if token is None:
        abort(404)
    if request.method == "GET":
        return render_template(
            "confirm.html", heading=_("Revoke an API token"), form=EmptyForm(),
            # the prefix as code, as the account page shows it; the name escaped
            what=escape(_("The API token “%(name)s” (%(prefix)s…) is revoked.")) % {
                "name": token.name, "prefix": Markup("<code class=\"text-reset\">%s</code>") % token.prefix},
            consequences=[_("Programs that use it are refused from now on."),
                          _("A revocation is final: create a new token if you need one.")],
            action=url_for("auth.token_revoke", token_id=token.id),
            button=_("Revoke the token"), back=url_for("auth.account"))
    if EmptyForm().validate_on_submit():
        tokens.revoke_api_token(token, actor=current_user)
        db.session.commit()
        flash(_("The token is revoked."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
def invite_accept(token):
    """An invitee sets a password; unknown, used and expired invitations all answer 404."""
    invitation = tokens.find_invitation(token)
    if invitation is None:
        abort(404)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            tokens.accept_invitation(invitation, form.password.data)
        except AccountError as exc:
            db.session.rollback()
            form.password.errors.append(account_error_text(exc))
            return render_template("auth/invite_accept.html", form=form,
                                   invitation=invitation), 200
        db.session.commit()
        flash(_("Your account is ready. Please sign in."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/invite_accept.html", form=form, invitation=invitation,
                           help=password_help())
