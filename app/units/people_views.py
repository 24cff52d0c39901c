"""People pages: search, detail (personal data only with Action.PERSONAL_DATA_VIEW), create,
edit, language records. URLs carry internal ids, never service numbers."""
from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import Action, authorize, can, require
from app.extensions import db
from app.units import queries, services
from app.units.blueprint import bp
from app.units.forms import LanguageForm, PersonForm, term_choices
from app.units.models import Person
from app.units.viewhelpers import save, submit


@bp.route("/people")
@require(Action.PERSON_VIEW)
def person_list():
    text = request.args.get("q", "")[:100]
    personal = can(current_user, Action.PERSONAL_DATA_VIEW)
    people = queries.search_people(text, personal)
    return render_template("units/person_list.html", people=people, q=text, personal=personal,
                           units=queries.units_of(people))


@bp.route("/people/<int:person_id>")
@require(Action.PERSON_VIEW)
def person_detail(person_id):
    person = db.get_or_404(Person, person_id)
    return render_template("units/person_detail.html", person=person,
                           personal=can(current_user, Action.PERSONAL_DATA_VIEW),
                           records=queries.person_records(person),
                           language_form=LanguageForm(prefix="l"))


def _person_form(form: PersonForm):
    form.personnel_category.choices = term_choices("personnel_categories", str(get_locale()))
    return form


@bp.route("/people/new", methods=["GET", "POST"])
@require(Action.PERSON_EDIT)
def person_new():
    form = _person_form(PersonForm(nationality=current_user.state.iso3 if current_user.state
                                   else None))
    if form.validate_on_submit():
        if services.find_person(current_user.state_id, form.service_number.data):
            form.service_number.errors.append(_("This service number is already registered."))
        else:
            person = save(form, lambda: services.upsert_person(
                current_user.state_id, actor=current_user, **form.values()),
                _("Person registered."))
            if person:
                return redirect(url_for("units.person_detail", person_id=person.id))
    return render_template("units/person_form.html", form=form, person=None)


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@require(Action.PERSON_EDIT)
def person_edit(person_id):
    person = db.get_or_404(Person, person_id)
    authorize(Action.PERSON_EDIT, person)
    form = _person_form(PersonForm(obj=person))
    form.service_number.render_kw = {"readonly": True}
    if form.validate_on_submit() and save(form, lambda: services.upsert_person(
            person.state_id, actor=current_user,
            **(form.values() | {"service_number": person.service_number})), _("Person saved.")):
        return redirect(url_for("units.person_detail", person_id=person.id))
    return render_template("units/person_form.html", form=form, person=person)


@bp.route("/people/<int:person_id>/languages", methods=["POST"])
@require(Action.PERSON_EDIT)
def language_add(person_id):
    person = db.get_or_404(Person, person_id)
    authorize(Action.PERSON_EDIT, person)
    form = LanguageForm(prefix="l")
    submit(form, lambda: services.record_language(
        person, form.language.data, form.level.data, form.assessed_by.data,
        form.assessed_on.data, form.valid_until.data, actor=current_user),
        _("Language record added."))
    return redirect(url_for("units.person_detail", person_id=person.id))
