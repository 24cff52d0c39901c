"""Upload form (the file only; the target comes from the URL)."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from app.forms import FlaskForm


class UploadForm(FlaskForm):
    file = FileField(_l("File (.csv or .xlsx)"),
                     validators=[FileRequired(message=_l("Choose a file to upload."))])
