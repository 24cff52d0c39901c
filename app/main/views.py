"""Home page, health check, language switch."""
from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from sqlalchemy import text

from app.auth.views import safe_next
from app.extensions import csrf, db

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/home")
def home():
    """The signed-in user's work: what waits for them, each item linking to where it is done."""
    from flask_babel import get_locale
    from flask_login import current_user

    from app.extensions import login_manager
    from app.main import home as homes
    from app.readiness.reasons import short_reasons
    from app.timeutil import today

    from app.certification.views_requests import forms_for
    from app.certification.words import request_status_label

    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    home = homes.build(current_user, today(), str(get_locale()))
    return render_template("main/home.html", home=home, queue=home.queue,
                           queue_forms=forms_for(home.queue), short_reasons=short_reasons,
                           soon_days=homes.SOON_DAYS, request_status_label=request_status_label)


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # report, never raise
        db.session.rollback()
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return jsonify(status="ok" if status == 200 else "degraded", database=database), status


@bp.route("/lang/<code>", methods=["POST"])
@csrf.exempt
def set_language(code):
    """Switch the interface language. Signed-in users must send their CSRF token; anonymous
    visitors have no session to protect, so public pages carry no token and set no cookie
    (they stay cacheable and cheap to serve)."""
    from flask_login import current_user

    if current_user.is_authenticated and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.form.get("next")) or url_for("main.index"))


# Navigation: (endpoint, label, action needed or None for public). Entries whose endpoint does not
# exist yet, or that the user may not use, are not shown.
NAV = (
    ("catalogue.index", "Catalogue", None),
    ("units.unit_list", "Units", "unit.view"),
    ("training.session_list", "Sessions", "session.view"),
    ("training.partnership_list", "Partnerships", "partnership.view"),
    ("training.qualification_list", "Trainers", "qualification.view"),
    ("certification.certificate_list", "Certificates", "certificate.view"),
    ("readiness.dashboard", "Dashboards", "dashboard.view"),
    ("readiness.watchlist", "Watch list", "watchlist.view"),
    ("admin.user_list", "Users", "user.manage"),
    ("audit.event_list", "Audit", "audit.view_state"),
)


@bp.app_context_processor
def inject_helpers():
    from flask_babel import get_locale, gettext
    from flask_login import current_user

    from app.auth.permissions import Action, can
    from app.names import code_name

    def allowed(action: str | None) -> bool:
        return action is None or can(current_user, Action(action))

    nav = [(endpoint, gettext(label)) for endpoint, label, action in NAV
           if endpoint in current_app.view_functions and allowed(action)]
    if "audit.event_list" in current_app.view_functions and allowed("audit.view_all") and \
            not any(e == "audit.event_list" for e, _l in nav):
        nav.append(("audit.event_list", gettext("Audit")))
    return {"nav_items": nav, "can": lambda action, obj=None: can(current_user, Action(action), obj),
            "locale": str(get_locale()), "code_name": code_name}
