"""A user's scope: what app/tenancy.py lets the queries of their requests see."""
from sqlalchemy import select

from app.auth.models import Role, UserPartnership
from app.extensions import db
from app.tenancy import NOTHING, UNRESTRICTED, Scope


def scope_for(user) -> Scope:
    """The data a user may see: UN roles everything; a state's staff its state; a partner trainer
    the sessions of its partnerships; a ToT trainer ToT sessions and trainer qualifications."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.role.sees_all_states:
        return UNRESTRICTED
    states = frozenset({user.state_id} if user.state_id else set())
    partnerships = frozenset()
    if user.role is Role.PARTNER_TRAINER:
        partnerships = frozenset(db.session.scalars(
            select(UserPartnership.partnership_id).where(UserPartnership.user_id == user.id)))
        states = frozenset()  # a partner sees only its partnerships' sessions, not its own state
    return Scope(state_ids=states, partnership_ids=partnerships,
                 tot_centre=user.role is Role.TOT_TRAINER)
