"""Access rows for the API's write operations (app/api/rosters.py, sessions, results, records).
The matrix sends an empty JSON body without an Idempotency-Key: an allowed role on its own
object gets 400, after the 404 for another state's or a missing object."""
from app.auth.models import Role as R
from tests.access_policy import STATE, UN, Rule

POLICY = {
    ("api.unit_roster_push", "POST"): Rule(STATE, obj="unit", ok=(400,)),
    ("api.unit_roster_remove", "DELETE"): Rule(STATE, obj="membership", ok=(400,)),
}
POLICY.update({
    ("api.session_create", "POST"): Rule(STATE, ok=(400,)),
    ("api.session_attendees_add", "POST"): Rule(STATE, obj="session", ok=(400,)),
})
POLICY.update({
    ("api.session_results_push", "POST"): Rule(STATE | {R.PARTNER_TRAINER, R.TOT_TRAINER},
                                               obj="session", ok=(400,)),
})
POLICY.update({
    ("api.language_records_create", "POST"): Rule(STATE, ok=(400,)),
    ("api.unit_screening_create", "POST"): Rule(STATE, obj="unit", ok=(400,)),
})
POLICY.update({
    ("api.trainer_list", "GET"): Rule(STATE | UN | {R.PARTNER_TRAINER, R.TOT_TRAINER}),
})
