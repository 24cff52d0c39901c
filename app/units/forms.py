"""Forms for units, people, rosters, screening and language: shape of input only (the services
apply the rules). Choices come from the catalogue taxonomy."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.catalogue.models import TaxonomyTerm
from app.extensions import db
from app.forms import FlaskForm
from app.names import choices


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


MISSION_LANGUAGE_CHOICES = [(c, name) for c, name in choices("languages") if c in ("en", "fr")]
LANGUAGE_CHOICES = choices("languages")
LEVEL_CHOICES = [(1, "UN I"), (2, "UN II"), (3, "UN III"), (4, "UN IV")]
SCREENING_CHOICES = choices("screening")
SEX_CHOICES = choices("sexes")


def term_names(kind: str, locale: str) -> dict[str, str]:
    """code -> name of one taxonomy list, in catalogue order."""
    terms = db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.kind == kind)
                               .order_by(TaxonomyTerm.order, TaxonomyTerm.code))
    return {t.code: t.name(locale) for t in terms}


def term_choices(kind: str, locale: str) -> list[SelectChoice]:
    return options(term_names(kind, locale).items())


class UnitForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    unit_type = SelectField(_l("Unit type"), validators=[DataRequired()])
    authorised_strength = IntegerField(_l("Authorised strength"),
                                       validators=[InputRequired(), NumberRange(1, 20000)])
    mission = StringField(_l("Mission"), validators=[Optional(), Length(max=100)])
    mission_language = SelectField(_l("Mission working language"),
                                   choices=options(MISSION_LANGUAGE_CHOICES))
    pledge_capability = StringField(_l("Pledged capability"),
                                    validators=[Optional(), Length(max=200)])
    pledged_on = DateField(_l("Pledged on"), validators=[Optional()])
    rotation = StringField(_l("Rotation"), default="R1", validators=[DataRequired(),
                                                                     Length(max=40)])
    deployable_days = SelectField(_l("Deployable within (days)"),
                                  choices=options([("", "—"), ("30", "30"), ("60", "60"),
                                                   ("90", "90")]),
                                  validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def values(self) -> dict:
        days = self.deployable_days.data
        return dict(name=self.name.data, unit_type=self.unit_type.data,
                    authorised_strength=self.authorised_strength.data,
                    mission=self.mission.data, mission_language=self.mission_language.data,
                    pledge_capability=self.pledge_capability.data,
                    pledged_on=self.pledged_on.data, rotation=self.rotation.data,
                    deployable_days=int(days) if days else None)


class PersonForm(FlaskForm):
    service_number = StringField(_l("Service number"), validators=[DataRequired(),
                                                                   Length(max=40)])
    rank = StringField(_l("Rank"), validators=[Optional(), Length(max=60)])
    given_name = StringField(_l("Given name"), validators=[DataRequired(), Length(max=100)])
    family_name = StringField(_l("Family name"), validators=[DataRequired(), Length(max=100)])
    sex = SelectField(_l("Sex"), choices=options(SEX_CHOICES))
    birth_on = DateField(_l("Date of birth"), validators=[Optional()])
    personnel_category = SelectField(_l("Personnel category"), validators=[DataRequired()])
    nationality = StringField(_l("Nationality (ISO 3166 alpha-3)"),
                              validators=[DataRequired(), Length(min=3, max=3)])
    submit = SubmitField(_l("Save"))

    def values(self) -> dict:
        return dict(service_number=self.service_number.data, given_name=self.given_name.data,
                    family_name=self.family_name.data, rank=self.rank.data, sex=self.sex.data,
                    personnel_category=self.personnel_category.data,
                    nationality=self.nationality.data, birth_on=self.birth_on.data)


class MembershipForm(FlaskForm):
    service_number = StringField(_l("Service number"), validators=[DataRequired(),
                                                                   Length(max=40)])
    appointment = StringField(_l("Appointment"), validators=[Optional(), Length(max=120)])
    is_key_appointment = BooleanField(_l("Key appointment"))
    is_nio = BooleanField(_l("National Investigation Officer"))
    is_commander = BooleanField(_l("Commander"))
    start_on = DateField(_l("From"), validators=[Optional()])
    submit = SubmitField(_l("Add to roster"))


class ScreeningForm(FlaskForm):
    rotation = StringField(_l("Rotation"), validators=[DataRequired(), Length(max=40)])
    status = SelectField(_l("Status"), choices=options(SCREENING_CHOICES))
    attested_on = DateField(_l("Attested on"), validators=[DataRequired()])
    submit = SubmitField(_l("Record attestation"))


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=options(LANGUAGE_CHOICES))
    level = SelectField(_l("Level"), choices=options(LEVEL_CHOICES), coerce=int)
    assessed_by = StringField(_l("How assessed"), validators=[DataRequired(), Length(max=60)])
    assessed_on = DateField(_l("Assessed on"), validators=[DataRequired()])
    valid_until = DateField(_l("Valid until"), validators=[Optional()])
    submit = SubmitField(_l("Record language"))
