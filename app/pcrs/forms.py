"""PCRS decision and dashboard forms: they check the shape of input only; the PCRS rules are in
app/pcrs/decisions.py (the same for the page and the API)."""
from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, HiddenField, SelectChoice, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from app.catalogue.levels import LEVELS
from app.forms import FlaskForm


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class DecisionForm(FlaskForm):
    to_level = SelectField(_l("New level"), choices=[], validators=[DataRequired()])
    expected_from = HiddenField(validators=[Optional(), AnyOf(LEVELS)])
    decided_on = DateField(_l("Decision date"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason (required when going down)"),
                           validators=[Optional(), Length(max=500)])
    aav_on = DateField(_l("AAV date"), validators=[Optional()])
    aav_outcome = SelectField(_l("AAV outcome"), validators=[Optional()], choices=[
        SelectChoice("", _l("(not applicable)")), SelectChoice("successful", _l("Successful")),
        SelectChoice("unsuccessful", _l("Unsuccessful"))])
    sur_aligned = BooleanField(_l("Personnel and equipment aligned with the Statement of Unit "
                                  "Requirements"))
    sur_aligned_on = DateField(_l("SUR alignment date"), validators=[Optional()])
    sur_reference = StringField(_l("SUR reference"), validators=[Optional(), Length(max=100)])
    verification_visit_on = DateField(_l("RDL verification visit date"), validators=[Optional()])
    deployable_days = SelectField(_l("Deployable within"), coerce=_int_or_none,
                                  validators=[Optional()], choices=[
                                      SelectChoice("", _l("(not applicable)")),
                                      SelectChoice("30", _l("30 days")),
                                      SelectChoice("60", _l("60 days")),
                                      SelectChoice("90", _l("90 days"))])

    def set_levels(self, names: dict[str, str]):
        self.to_level.choices = [SelectChoice(code, names[code]) for code in LEVELS]

    def evidence(self) -> dict:
        return {"aav_on": self.aav_on.data, "aav_outcome": self.aav_outcome.data or None,
                "sur_aligned": bool(self.sur_aligned.data),
                "sur_aligned_on": self.sur_aligned_on.data,
                "sur_reference": (self.sur_reference.data or "").strip() or None,
                "verification_visit_on": self.verification_visit_on.data,
                "deployable_days": self.deployable_days.data}


class DateFilterForm(FlaskForm):
    """GET filter: the date the figures are computed for."""

    class Meta:
        csrf = False

    on = DateField(_l("On"), validators=[Optional()])


class UnitLanguagesForm(FlaskForm):
    """What the unit's language page records for every row given a level (app/pcrs/languages.py):
    the language and the assessment, once; the levels are per row."""

    language = SelectField(_l("Language"), choices=[])
    assessed_by = StringField(_l("How assessed"), validators=[DataRequired(), Length(max=60)])
    assessed_on = DateField(_l("Assessed on"), validators=[DataRequired()])
    valid_until = DateField(_l("Valid until"), validators=[Optional()])
