"""Readiness pages: dashboards, the watch list, and a unit's certification page where UN staff
record PCRS decisions. Every query goes through the tenancy hook: state staff see their own
state's figures only."""
import io
from numbers import Number

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_login import current_user

from app.auth.permissions import Action, authorize, can, require, require_login_for_blueprint
from app.extensions import db
from app.readiness import clearance, services
from app.pcrs import languages, panels, decisions as pcrs, plan, unit_page, watch
from app.pcrs.forms import DateFilterForm, DecisionForm
from app.pcrs.decisions import DecisionRefused
from app.pcrs.rules import next_level
from app.timeutil import today
from app.training.viewhelpers import create_from_form
from app.units.models import Unit

bp = Blueprint("readiness", __name__, url_prefix="/readiness")
require_login_for_blueprint(bp)
WINDOWS = (30, 60, 90)


@bp.app_template_global()
def unit_readiness_today(unit: Unit):
    """A unit's readiness today for the unit page of the units blueprint (which knows no
    readiness), or None for a user who may not see readiness."""
    if not can(current_user, Action.READINESS_VIEW):
        return None
    return services.unit_readiness(unit, today())


@bp.app_template_global()
def person_clearance_today(person):
    """Whether an individually deployed person is cleared for deployment today, by their own
    profile, for the person page of the units blueprint; None for a user who may not see
    readiness or a person whose category deploys with a unit."""
    if not can(current_user, Action.READINESS_VIEW):
        return None
    return clearance.person_clearance(person, today())


def _locale() -> str:
    return str(get_locale())


def _on():
    form = DateFilterForm(request.args)
    return (form.on.data if form.validate() and form.on.data else today()), form


@bp.route("")
@require(Action.DASHBOARD_VIEW)
def dashboard():
    on, form = _on()
    return render_template("readiness/dashboard.html", panels=panels.build_all(on, _locale()),
                           on=on, form=form, fmt=panels.fmt)


@bp.route("/dashboard/<key>.csv")
@require(Action.DASHBOARD_VIEW)
def dashboard_csv(key):
    if key not in panels.PANELS:
        abort(404)
    on, _form = _on()
    table = panels.build(key, on, _locale()).table
    return csv_response(f"{key}-{on.isoformat()}.csv", table.columns, table.rows)


def _watch_args():
    within = request.args.get("within", 90, type=int)
    return within if within in WINDOWS else 90


@bp.route("/watchlist")
@require(Action.WATCHLIST_VIEW)
def watchlist():
    on, form = _on()
    within = _watch_args()
    return render_template("readiness/watchlist.html", on=on, form=form, within=within,
                           windows=WINDOWS, items=watch.watch_list(on, within, _locale()),
                           level_name=pcrs.level_name,
                           watch_status_label=unit_page.watch_status_label)


@bp.route("/watchlist.csv")
@require(Action.WATCHLIST_VIEW)
def watchlist_csv():
    on, _form = _on()
    items = watch.watch_list(on, _watch_args(), _locale())
    return csv_response(f"watchlist-{on.isoformat()}.csv", unit_page.watch_columns(),
                        [unit_page.watch_row(i) for i in items])


@bp.route("/units/<int:unit_id>")
@require(Action.PCRS_VIEW)
def unit_certification(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    return _unit_page(unit, _decision_form(unit))


@bp.route("/units/<int:unit_id>/decisions", methods=["POST"])
@require(Action.PCRS_DECIDE)
def decision_create(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    form = _decision_form(unit)
    if not form.validate_on_submit():
        return _unit_page(unit, form, status=400)
    try:
        decision = pcrs.record_decision(
            unit, form.to_level.data, form.decided_on.data, current_user._get_current_object(),
            form.reason.data, form.evidence(), expected_from=form.expected_from.data or None)
    except DecisionRefused as refused:
        db.session.rollback()
        pcrs.record_refusal(unit, form.to_level.data, current_user, refused)
        db.session.commit()
        return _unit_page(unit, form, refused=refused, status=422)
    db.session.commit()
    flash(unit_page.decided_message(decision), "success")
    return redirect(url_for("readiness.unit_certification", unit_id=unit.id))


def _decision_form(unit: Unit) -> DecisionForm:
    form = DecisionForm(expected_from=unit.pcrs_level, decided_on=today(),
                        to_level=next_level(unit.pcrs_level) or unit.pcrs_level)
    form.set_levels({code: pcrs.level_name(code) for code, _n in unit_page.level_choices()})
    return form


def _unit_page(unit: Unit, form: DecisionForm, refused: DecisionRefused | None = None,
               status: int = 200):
    on = today()
    return render_template("readiness/unit_certification.html", unit=unit, form=form,
                           refused=refused, on=on, **unit_page.context(unit, on, _locale())), status


@bp.route("/units/<int:unit_id>/plan-session", methods=["GET", "POST"])
@require(Action.SESSION_EDIT)
def plan_session(unit_id):
    """A session for the unit's training gaps, pre-filled from its readiness today."""
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.SESSION_EDIT, unit)
    on = today()
    readiness = services.unit_readiness(unit, on)
    gaps = readiness.training_gaps()
    form, undeliverable = plan.planned_form(unit, readiness, gaps, on)
    if gaps.standards and form.validate_on_submit():
        session = create_from_form(form, unit.state_id, attendee_ids=form.attendee_ids.data)
        if session:
            return redirect(url_for("training.session_detail", session_id=session.id))
    return render_template("readiness/plan_session.html", unit=unit, form=form, gaps=gaps,
                           readiness=readiness, undeliverable=undeliverable)


@bp.route("/units/<int:unit_id>/languages", methods=["GET", "POST"])
@require(Action.UNIT_EDIT)
def unit_languages(unit_id):
    """The unit's key appointments (?all=1: its roster) by language level, in one form."""
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.UNIT_EDIT, unit)
    on, everyone = today(), request.args.get("all") == "1"
    readiness = services.unit_readiness(unit, on)
    rows = languages.rows_for(unit, readiness, on, everyone)
    form = languages.languages_form(readiness, unit.mission_language, on, rows)
    chosen = None
    if form.is_submitted():
        chosen = languages.read_levels(request.form, rows)
        if form.validate() and chosen and languages.record_all(
                form, chosen, current_user._get_current_object()):
            db.session.commit()
            flash(ngettext("%(num)d language record saved.", "%(num)d language records saved.",
                           len(chosen)), "success")
            return redirect(url_for("units.unit_detail", unit_id=unit.id) + "#readiness-h")
    return render_template("readiness/unit_languages.html", unit=unit, form=form, rows=rows,
                           everyone=everyone, rule=languages.rule_of(readiness),
                           levels=languages.LEVELS, nothing_chosen=chosen == [])


# --- CSV --------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value):
    """Numbers stay numbers; text that a spreadsheet would read as a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, Number) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, columns, rows) -> Response:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(str(c)) for c in columns])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
