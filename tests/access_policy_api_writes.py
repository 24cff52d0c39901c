"""Access rows for the API's write operations (app/api/rosters.py, sessions, results, records).
The matrix sends an empty JSON body without an Idempotency-Key: an allowed role on its own
object gets 400, after the 404 for another state's or a missing object."""
from tests.access_policy import STATE, Rule

POLICY = {
    ("api.unit_roster_push", "POST"): Rule(STATE, obj="unit", ok=(400,)),
    ("api.unit_roster_remove", "DELETE"): Rule(STATE, obj="membership", ok=(400,)),
}
