"""Upload forms: the file only (the target comes from the URL), or a new unit with its roster."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from app.forms import FlaskForm
from app.units.forms import UnitForm


class UploadForm(FlaskForm):
    file = FileField(_l("File (.csv or .xlsx)"),
                     validators=[FileRequired(message=_l("Choose a file to upload."))])


class UnitWithRosterForm(UnitForm):
    """A new unit's fields and its roster file: one submission creates the unit and uploads the
    roster for checking (nothing is created when the file is refused)."""
    file = FileField(_l("Roster file (.csv or .xlsx)"),
                     validators=[FileRequired(message=_l("Choose a file to upload."))])
