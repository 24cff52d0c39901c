"""Unit, roster and screening pages. People pages are in people_views.py (same blueprint)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.forms import EmptyForm
from app.auth.permissions import Action, authorize, require
from app.extensions import db
from app.routing import page_arg
from app.units import people_views, queries, services  # noqa: F401  (people routes)
from app.units.blueprint import bp
from app.units.errors import RecordError
from app.units.forms import MembershipForm, ScreeningForm, UnitForm, term_choices, term_names
from app.units.models import Membership, Unit
from app.units.viewhelpers import save, submit

__all__ = ["bp"]



@bp.route("")
@require(Action.UNIT_VIEW)
def unit_list():
    return render_template("units/unit_list.html", rows=queries.units_with_counts(),
                           type_names=term_names("unit_types", str(get_locale())))


@bp.route("/new", methods=["GET", "POST"])
@require(Action.UNIT_EDIT)
def unit_new():
    form = UnitForm()
    form.unit_type.choices = term_choices("unit_types", str(get_locale()))
    if form.validate_on_submit():
        unit = save(form, lambda: services.create_unit(
            current_user.state_id, actor=current_user, **form.values()), _("Unit created."))
        if unit:
            return redirect(url_for("units.unit_detail", unit_id=unit.id))
    return render_template("units/unit_form.html", form=form, unit=None)


@bp.route("/<int:unit_id>")
@require(Action.UNIT_VIEW)
def unit_detail(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    page = page_arg(queries.PAGE)
    roster, total = queries.roster_page(unit, page)
    return render_template(
        "units/unit_detail.html", unit=unit, roster=roster, total=total, page=page,
        pages=max((total + queries.PAGE - 1) // queries.PAGE, 1),
        summary=queries.roster_summary(unit), screenings=queries.screenings(unit),
        member_form=MembershipForm(prefix="m"),
        type_names=term_names("unit_types", str(get_locale())),
        screening_form=ScreeningForm(prefix="s", rotation=unit.rotation), button=EmptyForm())


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@require(Action.UNIT_EDIT)
def unit_edit(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.UNIT_EDIT, unit)
    form = UnitForm(obj=unit)
    form.unit_type.choices = term_choices("unit_types", str(get_locale()))
    if request.method == "GET":
        form.deployable_days.data = str(unit.deployable_days or "")
    if form.validate_on_submit() and save(form, lambda: services.update_unit(
            unit, actor=current_user, **form.values()), _("Unit saved.")):
        return redirect(url_for("units.unit_detail", unit_id=unit.id))
    return render_template("units/unit_form.html", form=form, unit=unit)


@bp.route("/<int:unit_id>/members", methods=["POST"])
@require(Action.UNIT_EDIT)
def membership_add(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.UNIT_EDIT, unit)
    form = MembershipForm(prefix="m")

    def add():
        person = services.find_person(unit.state_id, form.service_number.data)
        if person is None:
            raise RecordError("unknown_person", _("No person with this service number in "
                                                  "your Member State."), "service_number")
        services.add_membership(unit, person, form.appointment.data,
                                form.is_key_appointment.data, form.is_nio.data,
                                form.start_on.data, actor=current_user,
                                is_commander=form.is_commander.data)
    submit(form, add, _("Roster updated."))
    return redirect(url_for("units.unit_detail", unit_id=unit.id))


@bp.route("/<int:unit_id>/members/<int:membership_id>/remove", methods=["GET", "POST"])
@require(Action.UNIT_EDIT)
def membership_remove(unit_id, membership_id):
    """GET: what removing the person means, with the button that does it; POST: remove."""
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.UNIT_EDIT, unit)
    membership = db.get_or_404(Membership, membership_id)
    if membership.unit_id != unit.id:
        abort(404)
    form = EmptyForm()
    if request.method == "GET":
        person = membership.person
        return render_template(
            "confirm.html", heading=_("Remove from the roster"), form=form,
            what=_("%(name)s (%(number)s) leaves the roster of %(unit)s.",
                   name=f"{person.family_name}, {person.given_name}",
                   number=person.service_number, unit=unit.name),
            consequences=[_("Their completions stay on their record, but no longer count "
                            "for this unit's readiness."),
                          _("To put them back, add them again by service number.")],
            action=url_for("units.membership_remove", unit_id=unit.id,
                           membership_id=membership.id),
            button=_("Remove from the roster"),
            back=url_for("units.unit_detail", unit_id=unit.id) + "#roster-h")
    if not form.validate_on_submit():
        abort(400)
    services.remove_membership(membership, actor=current_user)
    db.session.commit()
    flash(_("Removed from the roster."), "success")
    return redirect(url_for("units.unit_detail", unit_id=unit.id))


@bp.route("/<int:unit_id>/screening", methods=["POST"])
@require(Action.UNIT_EDIT)
def screening_add(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    authorize(Action.UNIT_EDIT, unit)
    form = ScreeningForm(prefix="s")
    submit(form, lambda: services.record_screening(
        unit, form.rotation.data, form.status.data, form.attested_on.data, actor=current_user),
        _("Screening attestation recorded."))
    return redirect(url_for("units.unit_detail", unit_id=unit.id))
