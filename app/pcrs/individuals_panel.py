"""The dashboard panel for individually deployed personnel (staff officers, military observers,
individual police officers, civilians): how many are cleared for deployment by their own profile.
They are not pledged units, so they appear in no PCRS level (app/readiness/clearance.py)."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.catalogue.models import MemberState
from app.extensions import db
from app.names import code_name
from app.pcrs.charts import Panel, RowSpec, Series, Table, bar_chart
from app.readiness.clearance import cleared_counts


def individuals_panel(on: date, locale: str) -> Panel:
    counts = cleared_counts(on)
    names = {s.id: s.name(locale) for s in db.session.scalars(select(MemberState))}
    by_category: dict[str, list[int]] = {}
    for c in counts:
        total = by_category.setdefault(c.category, [0, 0])
        total[0] += c.people
        total[1] += c.cleared
    title = _("Individually deployed personnel cleared for deployment")
    chart = bar_chart(
        "chart-individuals", title,
        _("Staff officers, military observers, individual police officers and civilians are "
          "not pledged units and have no PCRS level: each is cleared by the profile of their "
          "category (individual police through the Assessment for Mission Service)."),
        [Series(_("Cleared for deployment"), "solid", "blue"),
         Series(_("Not cleared for deployment"), "diagonal", "orange")],
        [RowSpec(code_name("personnel_categories", category), (cleared, people - cleared),
                 _("%(cleared)s of %(people)s cleared", cleared=cleared, people=people))
         for category, (people, cleared) in sorted(by_category.items())])
    table = Table((_("State"), _("Category"), _("People"), _("Cleared")),
                  tuple((names.get(c.state_id, ""), code_name("personnel_categories", c.category),
                         c.people, c.cleared) for c in counts))
    return Panel("individuals", title,
                 _("Cleared on %(date)s by their own profile: every required standard held and "
                   "the language rule met.", date=on.isoformat()), (chart,), table)
