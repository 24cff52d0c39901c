"""Trainers: who holds which trainer qualification, and what each trainer delivered."""
from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import Action, can, require
from app.extensions import db
from app.timeutil import today
from app.training import queries, services
from app.training.blueprint import bp
from app.training.forms import RevokeForm
from app.training.models import TrainerQualification
from app.units.models import Person
from app.units.viewhelpers import submit


@bp.route("/trainers")
@require(Action.QUALIFICATION_VIEW)
def qualification_list():
    return render_template("training/qualification_list.html", trainers=queries.trainer_list(),
                           on=today(), valid_on=services.qualification_valid_on)


@bp.route("/trainers/<int:person_id>")
@require(Action.QUALIFICATION_VIEW)
def trainer_detail(person_id):
    person = db.get_or_404(Person, person_id)
    quals, delivered, signed = queries.trainer_record(person)
    return render_template("training/trainer_detail.html", person=person, quals=quals,
                           delivered=delivered, signed=signed, on=today(),
                           valid_on=services.qualification_valid_on,
                           may_revoke=can(current_user, Action.QUALIFICATION_GRANT))


@bp.route("/qualifications/<int:qualification_id>/revoke", methods=["GET", "POST"])
@require(Action.QUALIFICATION_GRANT)
def qualification_revoke(qualification_id):
    """GET: what revoking the qualification means, its date and reason; POST: revoke (final)."""
    q = db.get_or_404(TrainerQualification, qualification_id)
    if request.method == "GET":
        person = db.get_or_404(Person, q.person_id)
        return render_template(
            "confirm.html", heading=_("Revoke a trainer qualification"),
            form=RevokeForm(formdata=None, revoked_on=today()),
            what=_("%(name)s's qualification %(code)s (valid until %(until)s) is revoked.",
                   name=person.display_name, code=q.qualification_code,
                   until=q.valid_until.isoformat()),
            consequences=[_("From the date you give, this trainer's sign-offs no longer "
                            "count; results signed before it still do."),
                          _("A revocation is final: to qualify the trainer again, they attend "
                            "a Training of Trainers session.")],
            action=url_for("training.qualification_revoke", qualification_id=q.id),
            button=_("Revoke the qualification"),
            back=url_for("training.trainer_detail", person_id=q.person_id))
    form = RevokeForm()
    submit(form, lambda: services.revoke_qualification(q, form.revoked_on.data, form.reason.data,
                                                       actor=current_user),
           _("Qualification revoked."))
    return redirect(url_for("training.trainer_detail", person_id=q.person_id))
