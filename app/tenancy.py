"""Tenancy: one place that scopes every ORM query by the caller's Member States.

A `do_orm_execute` hook adds `with_loader_criteria` for every tenant-scoped model to every ORM
SELECT; each domain declares the rules of its own models next to them (`visible`, `by_state`),
and this module only applies what they declare. Inside a request the scope comes from the
signed-in user (app/auth/scopes.py; anonymous: nothing); outside a request (CLI, background
jobs) queries are unrestricted. A view that must read across tenants on
purpose (the public verify page) passes `execution_options(scope=UNRESTRICTED)` explicitly.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from flask import current_app, g, has_request_context
from sqlalchemy import event, false, or_
from sqlalchemy.orm import Session, with_loader_criteria


@dataclass(frozen=True)
class Scope:
    all_states: bool = False
    state_ids: frozenset = field(default_factory=frozenset)
    partnership_ids: frozenset = field(default_factory=frozenset)
    tot_centre: bool = False


UNRESTRICTED = Scope(all_states=True)
NOTHING = Scope()
RULES: dict[type, list[Callable[[Scope], object]]] = {}  # model -> its visibility rules


def current_scope() -> Scope:
    """The scope of this request's user, computed on the first query that needs it (a request
    that reads nothing tenant-scoped, like a cached verify page, never loads its user). While
    it is being computed, the user's own look-up sees NOTHING, never more."""
    if not has_request_context():
        return UNRESTRICTED
    if "scope" not in g:
        from flask_login import current_user

        g.scope = NOTHING
        g.scope = current_app.extensions["tenancy_user_scope"](current_user)
    return g.scope


def visible(model, rule: Callable[[Scope], object]) -> None:
    """Declare which rows of `model` a scope sees: `rule(scope)` gives a where-clause. A model with
    several rules shows the rows any of them lets through (a person is seen through its state, or
    through a course session the scope sees). Each domain declares its own models' rules, next to
    them; this module applies them and knows no model."""
    RULES.setdefault(model, []).append(rule)
    _options.cache_clear()


def by_state(*models) -> None:
    """The common rule: the rows whose `state_id` is one of the scope's states."""
    for model in models:
        visible(model, lambda scope, model=model: in_states(model.state_id, scope))


def in_states(column, scope: Scope):
    """`column` is one of the scope's states (false when it has none)."""
    return column.in_(tuple(scope.state_ids)) if scope.state_ids else false()


def _criteria(scope: Scope):
    """(model, where-clause) pairs for a scope, from the rules the domains declared."""
    return [(model, rules[0](scope) if len(rules) == 1 else or_(*(rule(scope) for rule in rules)))
            for model, rules in RULES.items()]


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
    statement options; docs/performance.md)."""
    return tuple(with_loader_criteria(model, clause, include_aliases=True)
                 for model, clause in _criteria(scope))


def _forget_scope(_sender=None, **_kw):
    """Signing in or out changes who is asking: the next query computes the scope again."""
    if has_request_context():
        g.pop("scope", None)


def init_app(app, user_scope: Callable[[object], Scope]):
    """Scope every ORM query of `app`; `user_scope(user)` tells the scope of a request's user
    (app.auth.scopes.scope_for)."""
    from flask_login import user_logged_in, user_logged_out

    app.extensions["tenancy_user_scope"] = user_scope
    if not event.contains(Session, "do_orm_execute", _apply_scope):
        event.listen(Session, "do_orm_execute", _apply_scope)
    user_logged_in.connect(_forget_scope, app)
    user_logged_out.connect(_forget_scope, app)
