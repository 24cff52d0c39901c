"""Public, read-only API over the catalogue: standards (with versions) and requirement profiles."""
from datetime import date
from typing import Literal

from flask import abort, jsonify, request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.api.blueprint import bp
from app.api.openapi import schema
from app.api.provenance import Provenance, provenance
from app.catalogue import queries
from app.timeutil import today



class StandardQuery(BaseModel):
    """The list's query string; anything that does not fit is a 400, never silently guessed."""

    model_config = ConfigDict(extra="ignore")
    category: str = ""
    audience: str = ""
    unit_type: str = ""
    edition: str = ""
    q: str = Field("", max_length=100)
    lang: Literal["en", "fr"] = "en"
    include_retired: bool = False


@schema
class ApiError(BaseModel):
    error: str
    message: str
    status: int


@schema
class Lesson(BaseModel):
    number: str
    title_en: str
    title_fr: str
    minutes: int | None  # None: no duration stated in the sources


@schema
class StandardVersion(BaseModel):
    code: str
    version: str
    title_en: str
    title_fr: str
    summary_en: str
    summary_fr: str
    category: str
    source_edition: str
    audiences: list[str]
    unit_types: list[str]
    minimum_minutes: int | None  # None: no duration stated in the sources
    assessment_kind: str
    pass_mark: int
    validity_months: int
    sign_off: str
    effective_on: date
    retired_on: date | None
    supersedes: str | None
    in_catalogue: bool
    is_current: bool
    withdrawn: bool  # kept, retired, for its completions: it did not match a UN edition
    covered_by: list[str]  # standards that already teach this topic
    lessons: list[Lesson]
    provenance: Provenance


@schema
class StandardList(BaseModel):
    count: int
    standards: list[StandardVersion]


@schema
class StandardDetail(BaseModel):
    code: str
    current: StandardVersion | None
    versions: list[StandardVersion]
    required_by: list[str]


@schema
class ProfileRequirementOut(BaseModel):
    standard: str
    share: float | None  # of the roster, when it applies to all
    applies_to: list[str]  # all (a share of the roster) | key_appointments | commanders | nios
    origin: str | None  # the requirement set it comes from
    design_choice_en: str | None
    design_choice_fr: str | None


@schema
class Profile(BaseModel):
    code: str
    title_en: str
    title_fr: str
    unit_type: str | None
    personnel_category: str | None
    pcrs_level: str | None  # None: individually deployed personnel, cleared by the profile
    requires_certificate: bool
    certificate_validity_months: int
    roster_share: float
    screening_required: bool
    nio_per: int
    language_applies_to: str | None
    language_min_level: int | None
    language_mission: bool
    in_catalogue: bool
    includes: list[str]  # requirement sets
    requirements: list[ProfileRequirementOut]
    provenance: Provenance


def _version(s, on: date, sources: dict) -> StandardVersion:
    p = s.provenance or {}
    return StandardVersion(
        code=s.code, version=s.version, title_en=s.title_en, title_fr=s.title_fr,
        summary_en=s.summary_en, summary_fr=s.summary_fr, category=s.category,
        source_edition=s.source_edition, audiences=s.audiences, unit_types=s.unit_types,
        minimum_minutes=s.minimum_minutes, assessment_kind=s.assessment_kind,
        pass_mark=s.pass_mark, validity_months=s.validity_months, sign_off=s.sign_off,
        effective_on=s.effective_on, retired_on=s.retired_on, supersedes=s.supersedes,
        in_catalogue=s.in_catalogue, is_current=s.in_catalogue and s.is_current(on),
        withdrawn=bool(p.get("withdrawn")), covered_by=p.get("covered_by", []),
        lessons=[Lesson(**{"minutes": None, **x, "number": str(x["number"])}) for x in s.lessons],
        provenance=provenance(p, sources))


def _json(model: BaseModel):
    return jsonify(model.model_dump(mode="json"))


@bp.route("/standards")
def standard_list():
    """Standards in the catalogue, current versions unless include_retired.
    ---
    get:
      summary: List standards
      description: Public. Filters combine; a standard with no unit types is open to all.
      tags: [catalogue]
      security: []
      parameters:
        - {in: query, name: category, schema: {type: string}, description: category code}
        - {in: query, name: audience, schema: {type: string}, description: personnel category code}
        - {in: query, name: unit_type, schema: {type: string}, description: unit type code}
        - {in: query, name: edition, schema: {type: string}, description: source edition code}
        - {in: query, name: q, schema: {type: string, maxLength: 100},
           description: "search in code, title and summary (language given by lang)"}
        - {in: query, name: lang, schema: {type: string, enum: [en, fr]}}
        - {in: query, name: include_retired, schema: {type: boolean}}
      responses:
        200:
          description: matching standard versions
          content: {application/json: {schema: StandardList}}
        400:
          description: a query parameter does not fit its schema
          content: {application/json: {schema: ApiError}}
    """
    try:
        query = StandardQuery.model_validate(request.args.to_dict())
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        abort(400, description=f"{'.'.join(map(str, first['loc']))}: {first['msg']}")
    wanted = queries.StandardFilter(**query.model_dump(exclude={"lang"}))
    on = today()
    found = queries.find_standards(wanted, on, query.lang)
    sources = queries.sources_by_code()
    return _json(StandardList(count=len(found),
                              standards=[_version(s, on, sources) for s in found]))


@bp.route("/standards/<code>")
def standard_detail(code):
    """A standard with every version, newest first, and the profiles that require it.
    ---
    get:
      summary: One standard and its versions
      tags: [catalogue]
      security: []
      parameters:
        - {in: path, name: code, required: true, schema: {type: string}}
      responses:
        200:
          description: the standard
          content: {application/json: {schema: StandardDetail}}
        404:
          description: no standard with this code
          content: {application/json: {schema: ApiError}}
    """
    versions = queries.standard_versions(code)
    if not versions:
        abort(404)
    on = today()
    current = queries.current_version(versions, on)
    sources = queries.sources_by_code()
    return _json(StandardDetail(
        code=code, current=_version(current, on, sources) if current else None,
        versions=[_version(v, on, sources) for v in versions],
        required_by=[p.code for p, _r in queries.profiles_requiring(code)]))


@bp.route("/profiles/<code>")
def profile_detail(code):
    """A requirement profile: what a unit type or personnel category needs for a PCRS level.
    ---
    get:
      summary: One requirement profile
      tags: [catalogue]
      security: []
      parameters:
        - {in: path, name: code, required: true, schema: {type: string}}
      responses:
        200:
          description: the profile and its required standards
          content: {application/json: {schema: Profile}}
        404:
          description: no profile with this code
          content: {application/json: {schema: ApiError}}
    """
    p = queries.profile_by_code(code)
    if p is None:
        abort(404)
    return _json(Profile(
        code=p.code, title_en=p.title_en, title_fr=p.title_fr, unit_type=p.unit_type,
        personnel_category=p.personnel_category, pcrs_level=p.pcrs_level,
        requires_certificate=p.requires_certificate,
        certificate_validity_months=p.certificate_validity_months, roster_share=p.roster_share,
        screening_required=p.screening_required,
        nio_per=p.nio_per, language_applies_to=p.language_applies_to,
        language_min_level=p.language_min_level, language_mission=p.language_mission,
        in_catalogue=p.in_catalogue, includes=p.includes or [],
        requirements=[ProfileRequirementOut(
            standard=r.standard_code,
            share=(r.share or p.roster_share) if "all" in r.applies_to else None,
            applies_to=list(r.applies_to), origin=r.origin,
            design_choice_en=(r.provenance or {}).get("design_choice_en"),
            design_choice_fr=(r.provenance or {}).get("design_choice_fr"))
            for r in p.requirements],
        provenance=provenance(p.provenance, queries.sources_by_code())))
