"""Access rows for the readiness blueprint (dashboards, watch list, unit certification page,
PCRS decisions) and the PCRS decisions API."""
from tests.access_policy import STATE, UN, Rule
from app.auth.models import Role as R

DASHBOARD = STATE | UN
WATCH = frozenset({R.CERTIFYING_OFFICER}) | UN
DECIDE = frozenset({R.UN_OFFICER})

POLICY = {
    ("readiness.dashboard", "GET"): Rule(DASHBOARD),
    ("readiness.dashboard_csv", "GET"): Rule(DASHBOARD, params={"key": "levels"}),
    ("readiness.watchlist", "GET"): Rule(WATCH),
    ("readiness.watchlist_csv", "GET"): Rule(WATCH),
    ("readiness.unit_certification", "GET"): Rule(STATE | UN, obj="unit"),
    ("readiness.unit_languages", "GET"): Rule(STATE, obj="unit"),
    ("readiness.unit_languages", "POST"): Rule(STATE, obj="unit", ok=(200, 302)),
    ("readiness.plan_session", "GET"): Rule(STATE, obj="unit"),
    ("readiness.plan_session", "POST"): Rule(STATE, obj="unit", ok=(200, 302)),
    ("readiness.decision_create", "POST"): Rule(DECIDE, obj="unit", ok=(302, 400, 422),
                                                note="an empty form is refused with 400"),
    ("api.pcrs_decision_list", "GET"): Rule(STATE | UN, obj="unit"),
    ("api.pcrs_decision_create", "POST"): Rule(DECIDE, obj="unit", ok=(201, 400, 422),
                                               note="an empty body is refused with 400"),
}
