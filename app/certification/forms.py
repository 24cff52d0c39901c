"""Certificate forms: shape of input only; eligibility is the services' job."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from app.certification.verification import MAX_UPLOAD

LEVELS = [SelectChoice(level, level) for level in ("L1", "L2", "L3", "RDL")]

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


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class IssueIndividualForm(FlaskForm):
    standards = MultiCheckboxField(_l("Standards to cover"), validators=[DataRequired()])


class LevelForm(FlaskForm):
    level = SelectField(_l("PCRS level"), choices=LEVELS, validators=[DataRequired()])


class SuspendForm(FlaskForm):
    reason = SelectField(_l("Public reason"), choices=[SelectChoice(k, v) for k, v in SUSPEND_REASON_LABELS.items()],
                         validators=[DataRequired()])


class RevokeForm(FlaskForm):
    reason = SelectField(_l("Public reason"), choices=[SelectChoice(k, v) for k, v in REVOKE_REASON_LABELS.items()],
                         validators=[DataRequired()])


class UploadForm(FlaskForm):
    """The public PDF check. It changes nothing and needs no session, so it carries no CSRF
    token: the verify pages then set no cookie for anonymous visitors and can be cached."""

    class Meta:
        csrf = False

    pdf = FileField(_l("Certificate PDF"), validators=[
        FileRequired(_l("Choose a PDF file.")),
        FileAllowed(["pdf"], _l("Only PDF files can be checked.")),
        FileSize(MAX_UPLOAD, message=_l("The file is larger than 5 MB."))])
