from flask_babel import lazy_gettext as _l
from wtforms import (EmailField, HiddenField, PasswordField, SelectChoice, SelectField, StringField,
                     SubmitField)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp, ValidationError

from app.auth.passwords import MAX_LENGTH, MIN_LENGTH, password_problem_codes
from app.forms import FlaskForm

PASSWORD_MESSAGES = {
    "too_short": _l("Use at least %(n)s characters.", n=MIN_LENGTH),
    "too_long": _l("Use at most %(n)s characters.", n=MAX_LENGTH),
    "too_common": _l("This password is too common or too easy to guess."),
}


class NewPassword:
    """The password rules (12-128 characters, not common), checked as the user typed it."""

    def __init__(self, *context_fields):
        self.context_fields = context_fields

    def __call__(self, form, field):
        inputs = [getattr(form, name).data for name in self.context_fields if hasattr(form, name)]
        codes = password_problem_codes(field.data or "", user_inputs=[i for i in inputs if i])
        if codes:
            raise ValidationError(PASSWORD_MESSAGES[codes[0]])


def password_help():
    return _l("Between %(min)s and %(max)s characters; any characters, spaces welcome. "
              "A long phrase is easiest to remember. Common passwords are refused.",
              min=MIN_LENGTH, max=MAX_LENGTH)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    submit = SubmitField(_l("Sign in"))


class EmptyForm(FlaskForm):
    """A CSRF-protected POST button."""


CODE_VALIDATORS = [DataRequired(), Regexp(r"^\s*\d{3}\s?\d{3}\s*$",
                                          message=_l("Enter the 6 digits shown by your app."))]


class MfaCodeForm(FlaskForm):
    code = StringField(_l("6-digit code"), validators=CODE_VALIDATORS,
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
    submit = SubmitField(_l("Verify"))


class MfaEnrolForm(FlaskForm):
    enrolment = HiddenField(validators=[DataRequired()])
    code = StringField(_l("6-digit code"), validators=CODE_VALIDATORS,
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
    submit = SubmitField(_l("Turn on two-step verification"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=MAX_LENGTH)])
    new_password = PasswordField(_l("New password"),
                                 validators=[DataRequired(), NewPassword()])
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))])
    submit = SubmitField(_l("Change password"))


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("Choose a password"), validators=[DataRequired(), NewPassword()])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])
    submit = SubmitField(_l("Create my account"))


class ApiTokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)])
    days = SelectField(_l("Expires after"), choices=[
        SelectChoice("30", _l("30 days")), SelectChoice("90", _l("90 days")),
        SelectChoice("365", _l("1 year"))], default="90")
    submit = SubmitField(_l("Create token"))


class DisableMfaForm(FlaskForm):
    password = PasswordField(_l("Current password"),
                             validators=[DataRequired(), Length(max=MAX_LENGTH)])
    submit = SubmitField(_l("Turn off two-step verification"))
