"""Who may do what: one table of actions x roles, and `can()`, the only place that answers.

Object-level rules (tenancy) are applied in the queries by app/tenancy.py; `can(user, action, obj)`
adds the rules that depend on an object's state (a partner trainer may only record results for its
partnership's sessions, for example).

Views ask in one of two ways: `@require(action)` before the view runs (the role alone), and
`authorize(action, obj)` once the view has loaded the object; both refuse with a 403 written to
the audit trail.
"""
import enum
from functools import wraps

from flask import abort
from flask_login import current_user

from app.auth.models import Role

R = Role


class Action(str, enum.Enum):
    # units, people, rosters
    UNIT_VIEW = "unit.view"
    UNIT_EDIT = "unit.edit"
    PERSON_VIEW = "person.view"
    PERSON_EDIT = "person.edit"
    PERSONAL_DATA_VIEW = "person.personal_data"
    IMPORT = "import.run"
    EXPORT = "export.run"
    # training
    SESSION_VIEW = "session.view"
    SESSION_EDIT = "session.edit"
    RESULT_RECORD = "result.record"
    PARTNERSHIP_VIEW = "partnership.view"
    PARTNERSHIP_EDIT = "partnership.edit"
    TOT_SESSION_EDIT = "tot.session_edit"
    QUALIFICATION_VIEW = "qualification.view"
    QUALIFICATION_GRANT = "qualification.grant"
    READINESS_VIEW = "readiness.view"
    # certificates
    CERT_VIEW = "certificate.view"
    CERT_ISSUE_INDIVIDUAL = "certificate.issue_individual"
    CERT_ISSUE_UNIT = "certificate.issue_unit"
    CERT_ISSUE_TRAINER = "certificate.issue_trainer"
    CERT_SUSPEND = "certificate.suspend"
    CERT_REVOKE = "certificate.revoke"
    CERTIFICATION_REQUEST = "certification.request"
    # PCRS and dashboards
    PCRS_VIEW = "pcrs.view"
    PCRS_DECIDE = "pcrs.decide"
    DASHBOARD_VIEW = "dashboard.view"
    WATCHLIST_VIEW = "watchlist.view"
    # administration
    USER_MANAGE = "user.manage"
    AUDIT_VIEW_ALL = "audit.view_all"
    AUDIT_VIEW_STATE = "audit.view_state"
    CATALOGUE_MANAGE = "catalogue.manage"
    ACCOUNT_SELF = "account.self"


STATE_STAFF = {R.CENTRE_REGISTRAR, R.CERTIFYING_OFFICER}
UN = {R.UN_OFFICER, R.UN_ADMIN}
EVERYONE = set(Role)

POLICY: dict[Action, set[Role]] = {
    Action.UNIT_VIEW: STATE_STAFF | UN,
    Action.UNIT_EDIT: STATE_STAFF,
    Action.PERSON_VIEW: STATE_STAFF | UN | {R.PARTNER_TRAINER, R.TOT_TRAINER},
    Action.PERSON_EDIT: STATE_STAFF,
    Action.PERSONAL_DATA_VIEW: STATE_STAFF,
    Action.IMPORT: STATE_STAFF | {R.PARTNER_TRAINER},
    Action.EXPORT: STATE_STAFF | UN,
    Action.SESSION_VIEW: STATE_STAFF | UN | {R.PARTNER_TRAINER, R.TOT_TRAINER},
    Action.SESSION_EDIT: STATE_STAFF,
    Action.RESULT_RECORD: STATE_STAFF | {R.PARTNER_TRAINER, R.TOT_TRAINER},
    Action.PARTNERSHIP_VIEW: STATE_STAFF | UN | {R.PARTNER_TRAINER},
    Action.PARTNERSHIP_EDIT: {R.UN_ADMIN},
    Action.TOT_SESSION_EDIT: {R.TOT_TRAINER},
    Action.QUALIFICATION_VIEW: STATE_STAFF | UN | {R.TOT_TRAINER, R.PARTNER_TRAINER},
    Action.QUALIFICATION_GRANT: {R.TOT_TRAINER},
    Action.READINESS_VIEW: STATE_STAFF | UN,
    Action.CERT_VIEW: STATE_STAFF | UN | {R.TOT_TRAINER},
    Action.CERT_ISSUE_INDIVIDUAL: STATE_STAFF,
    Action.CERT_ISSUE_UNIT: {R.CERTIFYING_OFFICER},
    Action.CERT_ISSUE_TRAINER: {R.TOT_TRAINER},
    Action.CERT_SUSPEND: {R.UN_OFFICER, R.CERTIFYING_OFFICER},
    Action.CERT_REVOKE: {R.UN_OFFICER, R.CERTIFYING_OFFICER, R.TOT_TRAINER},
    Action.CERTIFICATION_REQUEST: STATE_STAFF,
    Action.PCRS_VIEW: STATE_STAFF | UN,
    Action.PCRS_DECIDE: {R.UN_OFFICER},
    Action.DASHBOARD_VIEW: STATE_STAFF | UN,
    Action.WATCHLIST_VIEW: {R.CERTIFYING_OFFICER} | UN,
    Action.USER_MANAGE: {R.UN_ADMIN},
    Action.AUDIT_VIEW_ALL: {R.UN_ADMIN},
    Action.AUDIT_VIEW_STATE: STATE_STAFF,
    Action.CATALOGUE_MANAGE: {R.UN_ADMIN},
    Action.ACCOUNT_SELF: EVERYONE,
}


def can(user, action: Action, obj=None) -> bool:
    """True when `user` may do `action` (on `obj`, when given). Any error means no."""
    try:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.role not in POLICY.get(action, set()):
            return False
        check = OBJECT_RULES.get(action)
        return True if obj is None or check is None else bool(check(user, obj))
    except Exception:  # fail closed
        return False


def _partner_session(user, session) -> bool:
    """Partner trainers record results only for their partnership's sessions; ToT trainers only
    for ToT sessions; state staff only for their state's sessions, never a ToT session (its
    state is the ToT centre's host state, but its results are the ToT centre's to record)."""
    if user.role is R.PARTNER_TRAINER:
        return session.partnership_id is not None and any(
            link.partnership_id == session.partnership_id for link in user.partnership_links)
    if user.role is R.TOT_TRAINER:
        return bool(session.is_tot)
    return not session.is_tot and session.state_id == user.state_id


def _same_state(user, obj) -> bool:
    return user.role.sees_all_states or getattr(obj, "state_id", None) == user.state_id


def _certificate_lifecycle(user, cert) -> bool:
    """UN officers any certificate; a certifying officer its state's individual and unit
    certificates; the ToT centre (tot_trainer) trainer certificates."""
    if user.role.sees_all_states:
        return True
    if user.role is R.TOT_TRAINER:
        return cert.managed_by_tot_centre
    return not cert.managed_by_tot_centre and cert.state_id == user.state_id


OBJECT_RULES = {
    Action.CERT_SUSPEND: _certificate_lifecycle,
    Action.CERT_REVOKE: _certificate_lifecycle,
    Action.RESULT_RECORD: _partner_session,
    Action.SESSION_EDIT: _same_state,
    Action.UNIT_EDIT: _same_state,
    Action.PERSON_EDIT: _same_state,
    Action.CERT_ISSUE_UNIT: _same_state,
    Action.CERT_ISSUE_INDIVIDUAL: _same_state,
    Action.CERTIFICATION_REQUEST: _same_state,
}


def authorize(action: Action, obj=None) -> None:
    """Refuse the request (403, written to the audit trail) unless the signed-in user may do
    `action` (on `obj`, when given)."""
    if not can(current_user, action, obj):
        _deny(action)


def _deny(action: Action):
    from app.audit.services import record_denied

    record_denied(action.value)
    abort(403)


def require(action: Action, *alternatives: Action):
    """View decorator: anonymous -> login, signed in without the permission (or any of the
    alternatives) -> 403, written to the audit trail."""
    def deco(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from app.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not any(can(current_user, a) for a in (action, *alternatives)):
                _deny(action)
            return view(*args, **kwargs)
        return wrapped
    return deco


def require_login_for_blueprint(bp):
    """Deny by default: every view of `bp` needs a signed-in user."""
    @bp.before_request
    def _login_required():
        from app.extensions import login_manager

        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None
