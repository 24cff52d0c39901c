"""Planning training from a unit's readiness gaps: the session form pre-filled with the standards
the unit's profile still lacks (as readiness finds them: app/readiness/rules.py `training_gaps`)
in their versions in force, and, as attendees, the people who lack them. One submission creates
the session and enrols them (the training services, both or neither)."""
from datetime import date

from flask_babel import gettext as _
from flask_login import current_user

from app.forms import PickerItem, fill_picker
from app.readiness.matrix import UnitReadiness
from app.readiness.rules import TrainingGaps
from app.training import queries
from app.training.forms import PlannedSessionForm
from app.training.viewhelpers import current_ids, fill_session_form
from app.units.models import Unit


def planned_form(unit: Unit, readiness: UnitReadiness, gaps: TrainingGaps,
                 on: date) -> tuple[PlannedSessionForm, list[str]]:
    """The form, and the gap standards with no version in force to deliver (none listed)."""
    standards = queries.standards(False)
    in_force = current_ids(standards, on)
    form = PlannedSessionForm(
        title=_("%(unit)s: training for the gaps", unit=unit.name)[:200], start_on=on, end_on=on,
        language=unit.mission_language,
        standard_ids=[in_force[code] for code in gaps.standards if code in in_force],
        attendee_ids=list(gaps.people))
    fill_session_form(form, tot=False,
                      trainers=queries.qualified_trainers([current_user.state_id]))
    rows = {r.person_id: r for r in readiness.rows}
    fill_picker(form.attendee_ids, (
        PickerItem(pid, " · ".join(filter(None, (rows[pid].name, rows[pid].appointment))))
        for pid in gaps.people))
    return form, [code for code in gaps.standards if code not in in_force]
