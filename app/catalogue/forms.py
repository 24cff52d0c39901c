"""The catalogue's filter form: a GET form (no state change, so no CSRF token)."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SearchField, SelectField
from wtforms.validators import Length, Optional

from app.catalogue.queries import StandardFilter, terms
from app.forms import FlaskForm


class StandardFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=100)])
    category = SelectField(_l("Category"), default="")
    audience = SelectField(_l("Audience"), default="")
    unit_type = SelectField(_l("Unit type"), default="")
    edition = SelectField(_l("Source edition"), default="")
    include_retired = BooleanField(_l("Include retired versions"))

    def fill_choices(self, locale: str) -> "StandardFilterForm":
        for name, kind, everything in (
                ("category", "categories", _l("All categories")),
                ("audience", "personnel_categories", _l("All audiences")),
                ("unit_type", "unit_types", _l("All unit types")),
                ("edition", "editions", _l("All editions"))):
            self[name].choices = [("", everything)] + [(t.code, t.name(locale))
                                                       for t in terms(kind)]
        return self

    def to_filter(self) -> StandardFilter:
        """The filters to apply: a field that failed validation (an unknown code, an over-long
        search) is ignored rather than trusted."""
        self.validate()

        def value(name):
            field = self[name]
            return "" if field.errors else (field.data or "")

        return StandardFilter(category=value("category"), audience=value("audience"),
                              unit_type=value("unit_type"), edition=value("edition"),
                              q=value("q"), include_retired=bool(self.include_retired.data))
