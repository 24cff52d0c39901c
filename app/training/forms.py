"""Forms for sessions, attendees, results, qualifications and partnerships (shape of input only;
choices are filled in by the views from what the user may see)."""
from flask_babel import lazy_gettext as _l
from wtforms import (DateField, HiddenField, IntegerField, SelectField, StringField, SubmitField,
                     TextAreaField)
from wtforms.validators import (DataRequired, Email, InputRequired, Length, NumberRange,
                                Optional)

from app.forms import FlaskForm, PickerField
from app.names import choices
from app.units.forms import LANGUAGE_CHOICES, options

STREAM_CHOICES = choices("streams")
RESULT_CHOICES = [("1", _l("Pass")), ("0", _l("Fail"))]


def optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class StandardsField(PickerField):
    """A standards picker: checkboxes grouped by category (fieldsets), with a filter box and a
    link to list retired versions too (templates/_macros/forms.html `standards_picker`).
    `choices` hold every version the form accepts; `groups` (set by training/viewhelpers.py
    `fill_standards`) what the page lists."""

    retired_shown = False

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("filter_label", _l("Find a standard (code or title)"))
        kwargs.setdefault("empty_text", _l("No standard in the catalogue is in force today."))
        super().__init__(label, validators, **kwargs)


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    state_id = SelectField(_l("Trainee Member State"), coerce=optional_int,
                           validators=[Optional()])
    centre_id = SelectField(_l("Training centre"), coerce=optional_int, validators=[Optional()])
    start_on = DateField(_l("Start"), validators=[DataRequired()])
    end_on = DateField(_l("End"), validators=[DataRequired()])
    language = SelectField(_l("Language of instruction"), choices=options(LANGUAGE_CHOICES))
    standard_ids = StandardsField(_l("Standards"), coerce=int, validators=[DataRequired()])
    trainer_ids = PickerField(_l("Trainers"), coerce=int, validators=[Optional()],
                              filter_label=_l("Find a trainer (name, number or qualification)"),
                              empty_text=_l("No qualified trainer to list."))
    submit = SubmitField(_l("Create session"))


class PlannedSessionForm(SessionForm):
    """A session planned from a unit's gaps (app/pcrs/plan.py): the session form with the
    people to enrol, each a checkbox."""

    attendee_ids = PickerField(_l("Attendees"), coerce=int, validators=[Optional()],
                               filter_label=_l("Find an attendee (name or appointment)"))
    submit = SubmitField(_l("Create the session with these attendees"))


class AttendeesForm(FlaskForm):
    unit_id = SelectField(_l("Add a unit's whole roster"), coerce=optional_int,
                          validators=[Optional()])
    state_id = SelectField(_l("Member State of the people below"), coerce=optional_int,
                           validators=[Optional()])
    service_numbers = TextAreaField(_l("Service numbers, one per line"),
                                    validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Add attendees"))


class ResultForm(FlaskForm):
    person_id = HiddenField(validators=[DataRequired()])
    standard_id = SelectField(_l("Standard"), coerce=int)
    passed = SelectField(_l("Result"), choices=options(RESULT_CHOICES))
    score = IntegerField(_l("Score"), validators=[Optional(), NumberRange(0, 100)])
    completed_on = DateField(_l("Date"), validators=[DataRequired()])
    signed_off_by = SelectField(_l("Signed off by"), coerce=int)
    submit = SubmitField(_l("Record"))


class GrantForm(FlaskForm):
    person_id = HiddenField(validators=[DataRequired()])
    qualification_code = SelectField(_l("Qualification"))
    valid_from = DateField(_l("Valid from"), validators=[DataRequired()])
    valid_until = DateField(_l("Valid until"), validators=[Optional()])
    submit = SubmitField(_l("Grant"))


class RevokeForm(FlaskForm):
    revoked_on = DateField(_l("Revoked from"), validators=[DataRequired()])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=300)])


class PartnershipForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    un_entity = StringField(_l("UN entity"), validators=[DataRequired(), Length(max=100)],
                            default="UN Department of Operational Support")
    stream = SelectField(_l("Stream"), choices=options(STREAM_CHOICES))
    donors = StringField(_l("Donors"), validators=[Optional(), Length(max=300)])
    start_on = DateField(_l("Start"), validators=[DataRequired()])
    end_on = DateField(_l("End"), validators=[Optional()])
    trainee_state_ids = PickerField(_l("Trainee states"), coerce=int,
                                    validators=[InputRequired()], summary=True,
                                    filter_label=_l("Find a trainee state"))
    partner_state_ids = PickerField(_l("Partner states (trainers, equipment)"), coerce=int,
                                    validators=[InputRequired()], summary=True,
                                    filter_label=_l("Find a partner state"))
    donor_state_ids = PickerField(_l("Donor states"), coerce=int, validators=[Optional()],
                                  summary=True, filter_label=_l("Find a donor state"))
    submit = SubmitField(_l("Create partnership"))


class LinkTrainerForm(FlaskForm):
    email = StringField(_l("Partner trainer's email"), validators=[DataRequired(), Email(),
                                                                   Length(max=254)])
    submit = SubmitField(_l("Link"))
