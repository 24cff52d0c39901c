"""Translated texts for refused account changes (services raise AccountError with a code)."""
from flask_babel import lazy_gettext as _l

from app.auth.forms import PASSWORD_MESSAGES

TEXTS = {
    "needs_state": _l("This role needs a Member State."),
    "no_state_for_role": _l("This role sees all Member States; leave the Member State empty."),
    "exists": _l("A user with this email already exists."),
    "wrong_password": _l("The current password is wrong."),
    "same_password": _l("The new password must differ from the current one."),
    "bad_code": _l("That code is not valid. Enter the current 6-digit code from your app."),
    "mfa_required": _l("Your role requires two-step verification; it cannot be turned off."),
    "self_change": _l("You cannot change your own role or disable your own account."),
    **PASSWORD_MESSAGES,
}


def account_error_text(exc) -> str:
    return str(TEXTS.get(exc.code, exc))

ROLE_LABELS = {
    "centre_registrar": _l("Centre registrar"),
    "certifying_officer": _l("Certifying officer"),
    "tot_trainer": _l("Training of Trainers trainer"),
    "partner_trainer": _l("Partner trainer"),
    "un_officer": _l("UN officer"),
    "un_admin": _l("UN administrator"),
}


def role_label(role) -> str:
    value = getattr(role, "value", role)
    return str(ROLE_LABELS.get(value, value))
