"""Access rows for sign-in, the account pages, user administration, the audit pages and
GET /api/v1/me. POST rows: the matrix checks denials and "not a 5xx" (an empty form is sent)."""
from app.auth.models import Role as R
from tests.access_policy import ALL, PUBLIC, STATE, Rule

ADMIN = frozenset({R.UN_ADMIN})
SIGNED_IN = ALL

POLICY = {
    # sign-in steps are public; a signed-in user is sent on (302)
    ("auth.login", "GET"): Rule(PUBLIC, ok=(200, 302)),
    ("auth.login", "POST"): Rule(PUBLIC, ok=(200, 302)),
    ("auth.mfa_verify", "GET"): Rule(PUBLIC, ok=(302,), note="no pending sign-in: to login"),
    ("auth.mfa_verify", "POST"): Rule(PUBLIC, ok=(302,)),
    ("auth.mfa_enrol", "GET"): Rule(PUBLIC, ok=(200, 302),
                                    note="enrolled users go to their account page"),
    ("auth.mfa_enrol", "POST"): Rule(PUBLIC, ok=(200, 302)),
    ("auth.invite_accept", "GET"): Rule(PUBLIC, obj="invite", note="bad token: 404"),
    ("auth.invite_accept", "POST"): Rule(PUBLIC, obj="invite", ok=(200,)),
    # the user's own account
    ("auth.logout", "POST"): Rule(SIGNED_IN, ok=(302,)),
    ("auth.account", "GET"): Rule(SIGNED_IN),
    ("auth.password_change", "GET"): Rule(SIGNED_IN),
    ("auth.password_change", "POST"): Rule(SIGNED_IN, ok=(200,)),
    ("auth.mfa_disable", "POST"): Rule(SIGNED_IN, ok=(302,)),
    ("auth.token_create", "POST"): Rule(SIGNED_IN, ok=(200,)),
    ("auth.token_revoke", "GET"): Rule(SIGNED_IN, obj="api_token",
                                       note="another user's token is 404, even for UN roles"),
    ("auth.token_revoke", "POST"): Rule(SIGNED_IN, obj="api_token", ok=(302,),
                                        note="another user's token is 404, even for UN roles"),
    ("api.me", "GET"): Rule(SIGNED_IN),
    # user administration
    ("admin.user_list", "GET"): Rule(ADMIN),
    ("admin.user_invite", "GET"): Rule(ADMIN),
    ("admin.user_invite", "POST"): Rule(ADMIN, ok=(200,)),
    ("admin.user_detail", "GET"): Rule(ADMIN, obj="user"),
    ("admin.user_role", "POST"): Rule(ADMIN, obj="user", ok=(302,)),
    ("admin.user_details", "POST"): Rule(ADMIN, obj="user", ok=(302,)),
    ("admin.user_disable", "GET"): Rule(ADMIN, obj="user"),
    ("admin.user_disable", "POST"): Rule(ADMIN, obj="user", ok=(302,)),
    ("admin.user_enable", "POST"): Rule(ADMIN, obj="user", ok=(302,)),
    ("admin.user_sessions_end", "POST"): Rule(ADMIN, obj="user", ok=(302,)),
    # audit trail: administrators all events, a state's staff their own state's
    ("audit.event_list", "GET"): Rule(STATE | ADMIN),
}
