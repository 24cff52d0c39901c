"""Certificate forms: shape of input only; eligibility is the services' job."""
import secrets

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.catalogue.levels import LEVELS
from app.certification.kinds import IssueChoice
from app.forms import FlaskForm, MultiCheckboxField
from app.names import code_name

LEVEL_CHOICES = [SelectChoice(level, level) for level in LEVELS]

REVOKE_REASON_LABELS = {
    "issued_in_error": _l("Issued in error"),
    "records_corrected": _l("Replaced by a corrected certificate"),
    "records_withdrawn": _l("The training records it rests on were withdrawn"),
    "qualification_withdrawn": _l("The trainer qualification was withdrawn"),
    "other": _l("Other reason (ask the issuer)"),
}
SUSPEND_REASON_LABELS = {
    "under_review": _l("Under review"),
    "records_query": _l("A query on the training records is open"),
    "other": _l("Other reason (ask the issuer)"),
}


class IssueForm(FlaskForm):
    """An issuing form: carries a one-time key, made when the page is shown, so that sending
    the same form twice (a double click, a retry after a timeout) issues one certificate."""

    key = HiddenField(default=lambda: secrets.token_urlsafe(24),
                      validators=[Optional(), Regexp(r"^[A-Za-z0-9_-]{22,64}$")])

    @property
    def idempotency_key(self) -> str | None:
        """The key sent, or None (an empty field protects nothing and must not be stored)."""
        return self.key.data or None


class ReissueForm(IssueForm):
    """An issuing form that says what to do when a valid certificate for the same standards is
    already held: skip (the default, also when the field is not sent) or re-issue, superseding."""

    choice = RadioField(
        _l("When a valid certificate for the same standards is already held"),
        choices=[SelectChoice(IssueChoice.MISSING.value,
                              _l("Do not issue a second one (those who hold one are skipped)")),
                 SelectChoice(IssueChoice.SUPERSEDE.value,
                              _l("Re-issue, superseding: the new certificate replaces the one "
                                 "held"))],
        default=IssueChoice.MISSING.value)


class IssueIndividualForm(ReissueForm):
    standards = MultiCheckboxField(_l("Standards to cover"), validators=[DataRequired()])


class LevelForm(FlaskForm):
    level = SelectField(_l("PCRS level"), choices=LEVEL_CHOICES, validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # each level by its name in the reader's language
        self.level.choices = [SelectChoice(c.value, code_name("pcrs_levels", c.value))
                              for c in LEVELS]


class IssueUnitForm(LevelForm, IssueForm):
    """The unit certificate's level, with the issuing form's one-time key."""


class BulkForm(LevelForm, ReissueForm):
    """The unit's bulk individual certificates: the level, and what to do for members who
    already hold a valid certificate for the standards it asks of them."""


class SuspendForm(FlaskForm):
    reason = SelectField(_l("Public reason for suspending"), choices=[SelectChoice(k, v) for k, v in SUSPEND_REASON_LABELS.items()],
                         validators=[DataRequired()])


class RevokeForm(FlaskForm):
    reason = SelectField(_l("Public reason for revoking"), choices=[SelectChoice(k, v) for k, v in REVOKE_REASON_LABELS.items()],
                         validators=[DataRequired()])


class RequestForm(LevelForm):
    """A registrar's request for a unit's certificate at a level."""


class DeclineForm(FlaskForm):
    """Declining a certification request; the reason is shown to the registrar."""

    reason = TextAreaField(_l("Reason for declining"),
                           validators=[DataRequired(), Length(max=500)])
