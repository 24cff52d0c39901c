"""Two-step verification pages: enter a code, enrol an authenticator app, turn it off."""
from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.auth import ratelimit as rl
from app.auth import totp
from app.auth.blueprint import bp
from app.auth.forms import DisableMfaForm, MfaCodeForm, MfaEnrolForm
from app.auth.messages import account_error_text
from app.auth.services import AccountError, disable_mfa, enrol_mfa, verify_mfa
from app.auth.signin import complete_login, pending_next, pending_user
from app.extensions import db, limiter

ENROL_SECONDS = 900


@bp.route("/mfa", methods=["GET", "POST"])
@limiter.limit(rl.per_ip, key_func=rl.ip_key, methods=["POST"])
@limiter.limit(rl.mfa_per_account, key_func=rl.pending_account_key, methods=["POST"],
               deduct_when=rl.code_failed)
def mfa_verify():
    """Second step: a code from the user's authenticator app, used once."""
    user = pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    if not user.mfa_enabled:
        return redirect(url_for("auth.mfa_enrol"))
    form = MfaCodeForm()
    if form.validate_on_submit():
        if verify_mfa(user, form.code.data):
            target = pending_next()
            complete_login(user, mfa=True)
            db.session.commit()
            return redirect(target or url_for("main.home"))
        db.session.commit()
        form.code.errors.append(_("That code is not valid. Enter the current 6-digit code "
                                  "from your app."))
        return render_template("auth/mfa_verify.html", form=form), 200
    return render_template("auth/mfa_verify.html", form=form)


def _serializer():
    return URLSafeTimedSerializer(current_app.secret_key, salt="mfa-enrolment")


@bp.route("/mfa/enrol", methods=["GET", "POST"])
@limiter.limit(rl.per_ip, key_func=rl.ip_key, methods=["POST"])
def mfa_enrol():
    """Enrolment: a new secret shown as a QR code and as text; the first valid code turns
    two-step verification on. The secret travels only in a signed form field until then."""
    pending = pending_user()
    user = pending or (current_user if current_user.is_authenticated else None)
    if user is None:
        return redirect(url_for("auth.login"))
    if user.mfa_enabled:
        return redirect(url_for("auth.mfa_verify" if pending else "auth.account"))
    form = MfaEnrolForm()
    secret = _submitted_secret(form, user)
    if secret and form.validate_on_submit():
        if enrol_mfa(user, secret, form.code.data):
            target = _finish_enrolment(user, pending is not None)
            db.session.commit()
            flash(_("Two-step verification is on."), "success")
            return redirect(target or url_for("main.home"))
        db.session.commit()
        form.code.errors.append(_("That code is not valid. Enter the current 6-digit code "
                                  "from your app."))
    if not secret:
        secret = totp.new_secret()
        form.enrolment.data = _serializer().dumps({"u": user.id, "s": secret})
    uri = totp.provisioning_uri(secret, user.email)
    return render_template("auth/mfa_enrol.html", form=form, secret=totp.grouped(secret),
                           qr=totp.qr_data_uri(uri), required=user.role.requires_mfa)


def _submitted_secret(form, user) -> str | None:
    """The secret from the signed enrolment field, if it is recent and made for this user."""
    if not (form.is_submitted() and form.enrolment.data):
        return None
    try:
        data = _serializer().loads(form.enrolment.data, max_age=ENROL_SECONDS)
        return data["s"] if data.get("u") == user.id else None
    except (BadSignature, KeyError, TypeError):
        return None


def _finish_enrolment(user, was_pending: bool) -> str | None:
    """Where to go next; a half-signed-in user is now fully signed in."""
    if was_pending:
        target = pending_next()
        complete_login(user, mfa=True)
        return target
    session["_mfa_ok"] = True
    return url_for("auth.account")


@bp.route("/mfa/disable", methods=["POST"])
@login_required
def mfa_disable():
    form = DisableMfaForm()
    if form.validate_on_submit():
        try:
            disable_mfa(current_user, form.password.data)
        except AccountError as exc:
            db.session.rollback()
            flash(_("Two-step verification was not turned off: %(reason)s",
                    reason=account_error_text(exc)), "danger")
            return redirect(url_for("auth.account"))
        db.session.commit()
        flash(_("Two-step verification is off. Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.account"))

