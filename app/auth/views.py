"""Sign in and sign out. The other auth pages live in mfa_views.py and account_views.py."""
import hashlib

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.audit import services as audit
from app.auth import account_views, mfa_views  # noqa: F401  (register their routes on bp)
from app.auth import ratelimit as rl
from app.auth.blueprint import bp, load_user, safe_next  # noqa: F401  (public names)
from app.auth.forms import EmptyForm, LoginForm
from app.auth.services import authenticate, end_sessions, needs_mfa
from app.auth.signin import complete_login, start_pending
from app.extensions import db, limiter


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(rl.per_ip, key_func=rl.ip_key, methods=["POST"])
@limiter.limit(rl.per_account, key_func=rl.account_key, methods=["POST"],
               deduct_when=rl.login_failed)
def login():
    """Password step. A wrong password, an unknown email and a disabled account get the same
    answer; roles that need two-step verification continue to the code (or enrolment) page."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            audit.append("auth.login_failed", details={"email_hash": _email_hash(form.email.data)})
            db.session.commit()
            flash(_("Wrong email or password."), "danger")
            return render_template("auth/login.html", form=form), 200
        target = safe_next(request.args.get("next"))
        if needs_mfa(user):
            start_pending(user, target)
            db.session.commit()
            endpoint = "auth.mfa_verify" if user.mfa_enabled else "auth.mfa_enrol"
            return redirect(url_for(endpoint))
        complete_login(user, mfa=False)
        db.session.commit()
        return redirect(target or url_for("main.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Ends this session and every copy of its cookie (the session version is bumped)."""
    if EmptyForm().validate_on_submit():
        user = current_user._get_current_object()
        end_sessions(user)
        audit.append("auth.logout", actor=user, obj=user)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You are signed out."), "info")
    return redirect(url_for("main.index"))


def _email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]
