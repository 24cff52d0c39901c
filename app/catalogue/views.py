"""Public catalogue pages (no sign-in): standards, requirement profiles, gender targets."""
from babel.numbers import format_percent
from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale

from app.catalogue import queries
from app.catalogue.forms import StandardFilterForm
from app.timeutil import today

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")


def _locale() -> str:
    return str(get_locale() or "en")


@bp.context_processor
def _formatters():
    def percent(share: float) -> str:
        """0.9 -> "90%" (English), "90 %" (French); 0.125 -> "12.5%"."""
        return format_percent(round(share, 6), locale=_locale(), decimal_quantization=False)

    return {"format_percent": percent}


@bp.route("")
def index():
    locale = _locale()
    form = StandardFilterForm(formdata=request.args).fill_choices(locale)
    wanted = form.to_filter()
    standards = queries.find_standards(wanted, today(), locale)
    return render_template("catalogue/index.html", form=form, wanted=wanted, count=len(standards),
                           groups=queries.group_by_category(standards),
                           names=queries.term_names(locale), on=today())


@bp.route("/standards/<code>")
def standard_detail(code):
    versions = queries.standard_versions(code)
    if not versions:
        abort(404)
    current = queries.current_version(versions, today())
    wanted = request.args.get("version")
    shown = next((v for v in versions if v.version == wanted), None) if wanted else \
        (current or versions[0])
    if shown is None:
        abort(404)
    return render_template("catalogue/standard_detail.html", standard=shown, current=current,
                           versions=versions, required_by=queries.profiles_requiring(code),
                           names=queries.term_names(_locale()), on=today(),
                           sources=queries.sources_by_code())


@bp.route("/profiles")
def profile_list():
    names = queries.term_names(_locale())
    grid: dict[tuple[str, str], dict] = {}
    for profile in queries.profiles():
        kind = "unit_types" if profile.unit_type else "personnel_categories"
        target = profile.unit_type or profile.personnel_category
        grid.setdefault((kind, target), {})[profile.pcrs_level] = profile
    rows = sorted(grid.items(), key=lambda item: (item[0][0] != "unit_types",
                                                  names.get(item[0][0], {}).get(item[0][1], "")))
    return render_template("catalogue/profile_list.html", rows=rows, names=names,
                           levels=queries.terms("pcrs_levels"))


@bp.route("/profiles/<code>")
def profile_detail(code):
    version = request.args.get("version", type=int)
    if "version" in request.args and version is None:
        abort(404)
    profile = queries.profile_by_code(code, version)
    if profile is None:
        abort(404)
    required = queries.required_standards(profile, today())
    total = sum(s.minimum_minutes or 0 for _r, s in required if s is not None)
    untimed = sum(1 for _r, s in required if s is not None and s.minimum_minutes is None)
    sets = queries.requirement_sets()
    locale = _locale()
    return render_template("catalogue/profile_detail.html", profile=profile, required=required,
                           total_minutes=total, untimed=untimed, names=queries.term_names(locale),
                           sources=queries.sources_by_code(),
                           includes=[sets[c] for c in profile.includes if c in sets],
                           versions=queries.profile_versions(code),
                           set_titles={c: s.title(locale) for c, s in sets.items()})


@bp.route("/gender-targets")
def gender_targets():
    years, targets = queries.gender_targets()
    key = f"design_choice_{_locale()}"
    interpolated = [t for t in targets.values() if t.interpolated and t.provenance]
    choices = sorted({t.provenance[key] for t in interpolated if t.provenance.get(key)})
    corrections = [(t.year, t.category, c) for t in interpolated
                   for c in t.provenance.get("corrections", [])]
    return render_template("catalogue/gender_targets.html", years=years, targets=targets,
                           sources=queries.sources_by_code(), design_choices=choices,
                           corrections=corrections)


@bp.route("/sources")
def source_list():
    """The catalogue's bibliography, each source with the entries that cite it."""
    return render_template("catalogue/sources.html", sources=queries.sources(),
                           citations=queries.citations(_locale()))
