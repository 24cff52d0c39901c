from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from app.forms import FlaskForm


class EventFilterForm(FlaskForm):
    """Read from the query string only; unknown values are refused, never passed to SQL raw."""

    class Meta:
        csrf = False

    state = SelectField(_l("Member State"), choices=[], validators=[Optional()])
    action = SelectField(_l("What happened"), choices=[], validators=[Optional()])
    date_from = DateField(_l("From (UTC)"), validators=[Optional()])
    date_to = DateField(_l("To (UTC, inclusive)"), validators=[Optional()])
    page = IntegerField(_l("Page"), validators=[Optional(), NumberRange(min=1, max=100000)])
