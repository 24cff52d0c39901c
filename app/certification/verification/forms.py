"""The public verify pages' forms: the upload check and the serial look-up (no CSRF token, no
session: they change nothing)."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.certification.verification.badge_check import MAX_JSON
from app.certification.verification.lookup import MAX_UPLOAD
from app.forms import FlaskForm


class UploadForm(FlaskForm):
    """The public check of a certificate PDF or of its Open Badges credential (a JSON file, or
    its text pasted). It changes nothing and needs no session, so it carries no CSRF token: the
    verify pages then set no cookie for anonymous visitors and can be cached."""

    class Meta:
        csrf = False

    pdf = FileField(_l("Certificate PDF or Open Badges credential (JSON)"), validators=[
        FileAllowed(["pdf", "json"], _l("Only PDF and JSON files can be checked.")),
        FileSize(MAX_UPLOAD, message=_l("The file is larger than 5 MB."))])
    pasted = TextAreaField(_l("Or paste the credential's JSON"), validators=[
        Optional(), Length(max=MAX_JSON, message=_l("The text is longer than 64 KB."))],
        render_kw={"rows": 4, "spellcheck": "false", "autocomplete": "off"})

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.pdf.data and not (self.pasted.data or "").strip():
            self.pdf.errors.append(_l("Choose a PDF or JSON file, or paste the credential's "
                                      "JSON."))
            return False
        return True

    def data_to_check(self) -> bytes:
        """The uploaded file's bytes, else the pasted text's."""
        if self.pdf.data:
            return self.pdf.data.read()
        return self.pasted.data.strip().encode()


class LookupForm(FlaskForm):
    """Find a certificate from its printed serial and the holder's surname (a paper copy whose
    QR code cannot be read). Read-only and session-less like UploadForm: no CSRF token."""

    class Meta:
        csrf = False

    serial = StringField(_l("Serial number"), filters=[lambda v: (v or "").strip().upper()],
                         validators=[DataRequired(_l("Enter the serial printed on the "
                                                     "certificate.")),
                                     Regexp(r"^[A-Z]{3}-\d{4}-\d{6}$",
                                            message=_l("A serial looks like KEN-2026-000123."))])
    surname = StringField(_l("Holder's surname (for a unit certificate: the unit's name)"),
                          validators=[DataRequired(_l("Enter the holder's surname.")),
                                      Length(max=120)])
