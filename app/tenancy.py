"""Tenancy: one place that scopes every ORM query by the caller's Member States.

A `do_orm_execute` hook adds `with_loader_criteria` for every tenant-scoped model to every ORM
SELECT. Inside a request the scope comes from the signed-in user (anonymous: nothing); outside a
request (CLI, background jobs) queries are unrestricted. A view that must read across tenants on
purpose (the public verify page) passes `execution_options(scope=UNRESTRICTED)` explicitly.
"""
from dataclasses import dataclass, field
from functools import lru_cache

from flask import g, has_request_context
from sqlalchemy import event, false, or_, select, true
from sqlalchemy.orm import Session, with_loader_criteria


@dataclass(frozen=True)
class Scope:
    all_states: bool = False
    state_ids: frozenset = field(default_factory=frozenset)
    partnership_ids: frozenset = field(default_factory=frozenset)
    tot_centre: bool = False


UNRESTRICTED = Scope(all_states=True)
NOTHING = Scope()


def scope_for(user) -> Scope:
    """The data a user may see: UN roles everything; a state's staff its state; a partner trainer
    the sessions of its partnerships; a ToT trainer ToT sessions and trainer qualifications."""
    from app.auth.models import Role, UserPartnership
    from app.extensions import db

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


def current_scope() -> Scope:
    """The scope of this request's user, computed on the first query that needs it (a request
    that reads nothing tenant-scoped, like a cached verify page, never loads its user). While
    it is being computed, the user's own look-up sees NOTHING, never more."""
    if not has_request_context():
        return UNRESTRICTED
    if "scope" not in g:
        from flask_login import current_user

        g.scope = NOTHING
        g.scope = scope_for(current_user)
    return g.scope


def _criteria(scope: Scope):
    """(model, where-clause) pairs for a scope."""
    from app.audit.models import AuditEvent
    from app.certification.kinds import CertificateKind
    from app.certification.models import Certificate, Job
    from app.certification.requests import CertificationRequest
    from app.readiness.models import PcrsDecision
    from app.training.models import (Completion, CourseSession, ImportBatch, SessionAttendee,
                                     SessionTrainer, TrainerQualification)
    from app.units.models import (LanguageProficiency, Membership, Person, ScreeningAttestation,
                                  Unit)

    states = tuple(scope.state_ids)
    parts = tuple(scope.partnership_ids)
    by_state = [Unit, Membership, ScreeningAttestation, LanguageProficiency, PcrsDecision,
                ImportBatch, Job, AuditEvent, CertificationRequest]
    pairs = [(m, m.state_id.in_(states) if states else false()) for m in by_state]

    visible_sessions = or_(
        CourseSession.state_id.in_(states) if states else false(),
        CourseSession.partnership_id.in_(parts) if parts else false(),
        CourseSession.is_tot.is_(true()) if scope.tot_centre else false(),
    )
    session_ids = select(CourseSession.id).where(visible_sessions)
    people_in_sessions = select(SessionAttendee.person_id).where(
        SessionAttendee.session_id.in_(session_ids)
    ).union(select(SessionTrainer.person_id).where(SessionTrainer.session_id.in_(session_ids)))
    pairs += [
        (CourseSession, visible_sessions),
        (Person, or_(Person.state_id.in_(states) if states else false(),
                     Person.id.in_(people_in_sessions) if (parts or scope.tot_centre) else false())),
        (Completion, or_(Completion.state_id.in_(states) if states else false(),
                         Completion.session_id.in_(session_ids) if (parts or scope.tot_centre)
                         else false())),
        (TrainerQualification, true() if scope.tot_centre else
         (TrainerQualification.state_id.in_(states) if states else false())),
        (Certificate, or_(Certificate.state_id.in_(states) if states else false(),
                          Certificate.kind == CertificateKind.TRAINER if scope.tot_centre
                          else false())),
    ]
    return pairs


def _apply_scope(execute_state):
    if not execute_state.is_select or execute_state.is_column_load or \
            execute_state.is_relationship_load:
        return
    scope = execute_state.execution_options.get("scope") or current_scope()
    if scope.all_states:
        return
    execute_state.statement = execute_state.statement.options(*_options(scope))


@lru_cache(maxsize=1024)
def _options(scope: Scope) -> tuple:
    """The loader criteria of a scope, built once per scope and reused (they are immutable
    statement options; building them took about 0.5 ms per query)."""
    return tuple(with_loader_criteria(model, clause, include_aliases=True)
                 for model, clause in _criteria(scope))


def _forget_scope(_sender=None, **_kw):
    """Signing in or out changes who is asking: the next query computes the scope again."""
    if has_request_context():
        g.pop("scope", None)


def init_app(app):
    from flask_login import user_logged_in, user_logged_out

    if not event.contains(Session, "do_orm_execute", _apply_scope):
        event.listen(Session, "do_orm_execute", _apply_scope)
    user_logged_in.connect(_forget_scope, app)
    user_logged_out.connect(_forget_scope, app)
