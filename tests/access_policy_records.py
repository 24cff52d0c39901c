"""Access rows for the records blueprints (units, people, training) and the units API.

POST rows are called with an empty form: a refused form re-renders (200) or flashes and
redirects (302). Object kinds are those of tests/integration/auth/access_world.py; the person
page uses "trainer" (a person who also attends ToT sessions) because a ToT trainer sees every
person in ToT sessions, as the world's two people are.
"""
from app.auth.models import Role as R
from tests.access_policy import STATE, UN, Rule

ADMIN = frozenset({R.UN_ADMIN})
TOT = frozenset({R.TOT_TRAINER})
PARTNER = frozenset({R.PARTNER_TRAINER})
READ_PEOPLE = STATE | UN | PARTNER | TOT
FORM = (200, 302)

POLICY = {
    # units and rosters
    ("units.unit_list", "GET"): Rule(STATE | UN),
    ("units.unit_new", "GET"): Rule(STATE),
    ("units.unit_new", "POST"): Rule(STATE, ok=FORM),
    ("units.unit_detail", "GET"): Rule(STATE | UN, obj="unit"),
    ("units.unit_edit", "GET"): Rule(STATE, obj="unit"),
    ("units.unit_edit", "POST"): Rule(STATE, obj="unit", ok=FORM),
    ("units.membership_add", "POST"): Rule(STATE, obj="unit", ok=(302,)),
    ("units.membership_remove", "GET"): Rule(STATE, obj="membership"),
    ("units.membership_remove", "POST"): Rule(STATE, obj="membership", ok=(302,)),
    ("units.screening_add", "POST"): Rule(STATE, obj="unit", ok=(302,)),
    # people
    ("units.person_list", "GET"): Rule(READ_PEOPLE),
    ("units.person_detail", "GET"): Rule(READ_PEOPLE, obj="trainer"),
    ("units.person_new", "GET"): Rule(STATE),
    ("units.person_new", "POST"): Rule(STATE, ok=FORM),
    ("units.person_edit", "GET"): Rule(STATE, obj="person"),
    ("units.person_edit", "POST"): Rule(STATE, obj="person", ok=FORM),
    ("units.language_add", "POST"): Rule(STATE, obj="person", ok=(302,)),
    # sessions, attendees, results
    ("training.session_list", "GET"): Rule(READ_PEOPLE),
    ("training.session_new", "GET"): Rule(STATE),
    ("training.session_new", "POST"): Rule(STATE, ok=FORM),
    ("training.tot_session_new", "GET"): Rule(TOT),
    ("training.tot_session_new", "POST"): Rule(TOT, ok=FORM),
    ("training.session_detail", "GET"): Rule(READ_PEOPLE, obj="session"),
    ("training.attendees_add", "POST"): Rule(STATE, obj="session", ok=(302,)),
    ("training.attendee_remove", "POST"): Rule(STATE, obj="attendee", ok=(302,)),
    ("training.tot_attendees_add", "POST"): Rule(TOT, obj="tot_session", ok=(302,)),
    ("training.tot_attendee_remove", "POST"): Rule(TOT, obj="tot_session", ok=(302,),
                                                          params={"person_id": 1}),
    ("training.result_record", "POST"): Rule(STATE | PARTNER | TOT, obj="session", ok=(302,)),
    ("training.qualification_grant", "POST"): Rule(TOT, obj="tot_session", ok=(302,)),
    # partnerships
    ("training.partnership_list", "GET"): Rule(STATE | UN | PARTNER),
    ("training.partnership_new", "GET"): Rule(ADMIN),
    ("training.partnership_new", "POST"): Rule(ADMIN, ok=FORM),
    ("training.partnership_detail", "GET"): Rule(STATE | UN | PARTNER, obj="partnership"),
    ("training.partnership_link", "POST"): Rule(ADMIN, obj="partnership", ok=(302,)),
    ("training.partnership_unlink", "POST"): Rule(ADMIN, obj="partnership", ok=(302, 404),
                                                  params={"user_id": 1}),
    ("training.partnership_session_new", "GET"): Rule(ADMIN, obj="partnership"),
    ("training.partnership_session_new", "POST"): Rule(ADMIN, obj="partnership", ok=FORM),
    # trainers
    ("training.qualification_list", "GET"): Rule(STATE | UN | PARTNER | TOT),
    ("training.trainer_detail", "GET"): Rule(STATE | UN | PARTNER | TOT, obj="trainer"),
    ("training.qualification_revoke", "GET"): Rule(TOT, obj="qualification"),
    ("training.qualification_revoke", "POST"): Rule(TOT, obj="qualification", ok=(302,)),
    # units API (readiness is in access_policy_pcrs.py)
    ("api.unit_list", "GET"): Rule(STATE | UN),
    ("api.unit_detail", "GET"): Rule(STATE | UN, obj="unit"),
    ("api.unit_completions", "GET"): Rule(STATE | UN, obj="unit"),
}
