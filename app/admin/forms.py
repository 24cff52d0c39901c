from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.auth.messages import ROLE_LABELS
from app.forms import FlaskForm


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in ROLE_LABELS.items()]


class StateChoicesMixin:
    def set_states(self, states, locale: str):
        self.state.choices = [SelectChoice("", _l("None (UN roles, partner and ToT trainers)"))] + [
            SelectChoice(str(s.id), f"{s.iso3} · {s.name(locale)}") for s in states]

    def state_id(self):
        return int(self.state.data) if self.state.data else None


class InviteForm(StateChoicesMixin, FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    display_name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=role_choices(), validators=[DataRequired()])
    state = SelectField(_l("Member State"), choices=[], validate_choice=True)
    submit = SubmitField(_l("Create invitation"))


class RoleForm(StateChoicesMixin, FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices(), validators=[DataRequired()])
    state = SelectField(_l("Member State"), choices=[], validate_choice=True)
    submit = SubmitField(_l("Change role"))


class DetailsForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    job_title = StringField(_l("Function"), validators=[Optional(), Length(max=120)])
    submit = SubmitField(_l("Save"))


class UserFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Email contains"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("Role"), choices=[SelectChoice("", _l("Any"))] + role_choices(),
                       validators=[Optional()])
