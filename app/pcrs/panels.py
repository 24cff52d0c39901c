"""The readiness dashboards: each panel turns one query's figures into charts and a table."""
from datetime import date

from flask_babel import format_decimal, gettext as _

from app.catalogue.levels import PcrsLevel
from app.names import code_name
from app.readiness import queries as q
from app.pcrs.charts import Panel, RowSpec, Series, Table, bar_chart
from app.pcrs.individuals_panel import individuals_panel
from app.pcrs.decisions import level_name

STATUS_STYLE = {"green": ("solid", "green"), "yellow": ("diagonal", "yellow"),
                "red": ("cross", "red")}


def n(value) -> str:
    return format_decimal(value, format="#,##0")


def pct(value: float) -> str:
    return format_decimal(value, format="0.0") + " %"


def fmt(value) -> str:
    """A table cell for people: grouped whole numbers, one decimal for shares."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return n(value)
    if isinstance(value, float):
        return format_decimal(value, format="0.0")
    return str(value)


def gender_status_label(status: str) -> str:
    return {"green": _("meets target"), "yellow": _("below target, some women"),
            "red": _("no women")}[status]


def category_label(code: str) -> str:
    return code_name("gender_categories", code)


def language_label(code: str) -> str:
    return {"fr": _("French"), "en": _("English")}.get(code, code)


def _level_row(label: str, troops: int, police: int, target: int | None) -> RowSpec:
    text = _("%(total)s (troops %(troops)s, police %(police)s)", total=n(troops + police),
             troops=n(troops), police=n(police))
    if target is not None:
        text += " · " + _("target %(target)s", target=n(target))
    return RowSpec(label, (troops, police), text, target=target)


def personnel_panel(on: date) -> Panel:
    levels = q.personnel_by_level(on)
    high = [r for r in levels if r.level in (PcrsLevel.L3, PcrsLevel.RDL)]
    troops, police = sum(r.troops for r in high), sum(r.police for r in high)
    together = _("Level 3 and RDL together")
    rows = [_level_row(level_name(r.level), r.troops, r.police,
                       q.TARGET_RDL if r.level == PcrsLevel.RDL else None) for r in levels]
    rows.append(_level_row(together, troops, police, q.TARGET_LEVEL3))
    chart = bar_chart("chart-levels", _("Troops and police by PCRS level"),
                      _("People on the rosters of units at each level, against the communiqué "
                        "targets of 12,000 at Level 3 and 4,000 of them at the Rapid Deployment "
                        "Level."), [Series(_("Troops"), "solid", "blue"),
                                    Series(_("Police"), "diagonal", "orange")],
                      rows, target_label=_("target"))
    table = Table((_("Level"), _("Units"), _("Troops"), _("Police"), _("Total"), _("Target")),
                  tuple((level_name(r.level), r.units, r.troops, r.police, r.total,
                         q.TARGET_RDL if r.level == PcrsLevel.RDL else "") for r in levels)
                  + ((together, sum(r.units for r in high), troops, police, troops + police,
                      q.TARGET_LEVEL3),))
    return Panel("levels", _("Troops and police by PCRS level"),
                 _("Counted on the rosters of units at each level on %(date)s.",
                   date=on.isoformat()), (chart,), table)


def deployable_panel(on: date) -> Panel:
    counts = q.deployable_units(on)
    series = [Series(_("Units"), "solid", "blue")]
    rows = [RowSpec(_("Within %(days)s days", days=c.within_days), (c.units,),
                    _("%(units)s units, %(people)s people", units=n(c.units),
                      people=n(c.personnel))) for c in counts]
    chart = bar_chart("chart-deployable", _("Units deployable within 30, 60 or 90 days"),
                      _("Units at Level 2 or above by their deployment commitment; a unit ready "
                        "within 30 days also counts within 60 and 90."), series, rows)
    table = Table((_("Within (days)"), _("Units"), _("People")),
                  tuple((c.within_days, c.units, c.personnel) for c in counts))
    return Panel("deployable", _("Units deployable within 30, 60 or 90 days"),
                 _("Only units at Level 2 or above are considered for deployment."), (chart,),
                 table)


def gender_panel(on: date, locale: str) -> Panel:
    shares = q.gender_shares(on, locale)
    totals = []
    for category in q.GENDER_CATEGORIES:
        mine = [s for s in shares if s.category == category]
        people, women = sum(s.people for s in mine), sum(s.women for s in mine)
        target = mine[0].target if mine else None
        share = 100.0 * women / people if people else 0.0
        counts = {k: sum(1 for s in mine if s.status == k) for k in STATUS_STYLE}
        totals.append((category, share, target, counts, women, people))
    share_chart = bar_chart(
        "chart-gender", _("Women's share by category, %(year)s", year=on.year),
        _("Share of women among personnel of each category, against the Uniformed Gender "
          "Parity Strategy target for the year."), [Series(_("Women's share"), "solid", "blue")],
        [RowSpec(category_label(c), (share,), _("%(share)s (target %(target)s)", share=pct(share),
                 target=pct(t) if t is not None else "-"), target=t)
         for c, share, t, _counts, _w, _p in totals],
        max_value=max([40.0] + [s for _c, s, *_r in totals]), target_label=_("target"),
        tick_format=lambda v: f"{v:.0f} %")
    status_chart = bar_chart(
        "chart-gender-states", _("States by status"),
        _("How many states meet the target (solid), have some women but fall short (hatched), "
          "or have none (cross-hatched), per category."),
        [Series(gender_status_label(k), *STATUS_STYLE[k]) for k in STATUS_STYLE],
        [RowSpec(category_label(c), tuple(counts[k] for k in STATUS_STYLE),
                 _("%(green)s meet, %(yellow)s some, %(red)s none", **{k: n(v) for k, v in
                                                                      counts.items()}))
         for c, _s, _t, counts, _w, _p in totals])
    table = Table((_("State"), _("Category"), _("People"), _("Women"), _("Share %"),
                   _("Target %"), _("Status")),
                  tuple((s.state, category_label(s.category), s.people, s.women,
                         round(s.percent, 1), s.target if s.target is not None else "",
                         gender_status_label(s.status)) for s in shares),
                  tuple(s.status for s in shares))
    return Panel("gender", _("Women's share against the gender parity targets"),
                 _("Green meets the target, yellow has some women, red has none; the status is "
                   "also written out."), (share_chart, status_chart), table)


def language_panel(on: date, locale: str) -> Panel:
    shares = q.language_shares(on, locale)
    rows = []
    for language in ("fr", "en"):
        mine = [s for s in shares if s.language == language]
        total, meeting = sum(s.key_appointments for s in mine), sum(s.meeting for s in mine)
        share = 100.0 * meeting / total if total else 0.0
        rows.append(RowSpec(_("%(language)s-speaking missions", language=language_label(language)),
                            (share,), _("%(share)s (%(meeting)s of %(total)s)", share=pct(share),
                                        meeting=n(meeting), total=n(total)), target=100.0))
    chart = bar_chart("chart-language", _("Key appointments meeting the mission language rule"),
                      _("Share of key appointments holding the mission's language at UN II or "
                        "above, valid on the date; every key appointment should."),
                      [Series(_("Share meeting the rule"), "solid", "blue")], rows,
                      max_value=100.0, target_label=_("all"), tick_format=lambda v: f"{v:.0f} %")
    table = Table((_("State"), _("Mission language"), _("Key appointments"), _("Meeting the rule"),
                   _("Share %")),
                  tuple((s.state, language_label(s.language), s.key_appointments, s.meeting,
                         round(s.percent, 1)) for s in shares))
    return Panel("language", _("Mission language of key appointments"),
                 _("French for francophone missions, English otherwise."), (chart,), table)


def trainers_panel(on: date, locale: str) -> Panel:
    counts = q.certified_trainers(on, locale)
    per_code: dict[str, int] = {}
    for c in counts:
        per_code[c.qualification] = per_code.get(c.qualification, 0) + c.trainers
    chart = bar_chart("chart-trainers", _("Certified trainers per standard"),
                      _("Trainers holding a valid trainer qualification, per qualification."),
                      [Series(_("Trainers"), "dots", "blue")],
                      [RowSpec(code, (total,), n(total)) for code, total in per_code.items()])
    table = Table((_("Qualification"), _("State"), _("Trainers")),
                  tuple((c.qualification, c.state, c.trainers) for c in counts))
    return Panel("trainers", _("Certified trainers per standard and state"),
                 _("Qualifications valid and not revoked on %(date)s.", date=on.isoformat()),
                 (chart,), table)


def partnerships_panel(on: date) -> Panel:
    counts = q.partnership_completions(on)
    chart = bar_chart("chart-partnerships", _("Completions through triangular partnerships"),
                      _("Results recorded in sessions delivered through each partnership: "
                        "passed (solid) and not passed (hatched)."),
                      [Series(_("Passed"), "solid", "green"),
                       Series(_("Not passed"), "diagonal", "grey")],
                      [RowSpec(c.code, (c.passed, c.completions - c.passed),
                               _("%(total)s results, %(passed)s passed, %(people)s people",
                                 total=n(c.completions), passed=n(c.passed), people=n(c.people)))
                       for c in counts])
    table = Table((_("Partnership"), _("Name"), _("Stream"), _("Results"), _("Passed"),
                   _("People"), _("Trainee states")),
                  tuple((c.code, c.name, code_name("streams", c.stream), c.completions, c.passed,
                         c.people, c.states)
                        for c in counts))
    return Panel("partnerships", _("Completions delivered through triangular partnerships"),
                 _("Every result recorded in a partnership session up to %(date)s.",
                   date=on.isoformat()), (chart,), table)


PANELS = {
    "levels": lambda on, locale: personnel_panel(on),
    "deployable": lambda on, locale: deployable_panel(on),
    "gender": gender_panel,
    "language": language_panel,
    "trainers": trainers_panel,
    "partnerships": lambda on, locale: partnerships_panel(on),
    "individuals": individuals_panel,
}


def build(key: str, on: date, locale: str) -> Panel:
    return PANELS[key](on, locale)


def build_all(on: date, locale: str) -> list[Panel]:
    return [build(key, on, locale) for key in PANELS]
