"""Ids beyond the database's integer range are a 404 on every route, with no traceback logged.

Walks the whole route inventory (every rule of `app.url_map` with an `int` segment, the access
policy telling which role may call it): each int segment in turn gets the largest id PostgreSQL's
`integer` holds (a missing object: 404 or the route's own refusal, never a 5xx), then values past
PostgreSQL's edge (2^31) and SQLite's (2^63), a 24-digit number and a 5,000-digit one (all 404).
Called as a role the route allows (signed in, or with its API token), so the request reaches the
view when the URL matches. Runs on PostgreSQL too (TEST_DATABASE_URL). Page numbers in the query
string are bounded the same way.
"""
import logging

import pytest
from werkzeug.routing import IntegerConverter

from app import create_app
from app.auth.models import Role
from app.config import TestConfig
from app.extensions import db
from app.routing import MAX_ID
from tests.access_policy import PUBLIC, load_policy
from tests.integration.auth.access_world import own_and_foreign
from tests.integration.test_access_matrix import _fresh_world, _routes, _sign_in, _url

BEYOND = tuple(str(n) for n in (2**31, 2**63 - 1, 2**63, 10**24)) + ("9" * 5000,)


@pytest.fixture(scope="module")
def world_app():
    app = create_app(TestConfig)
    world = _fresh_world(app)
    yield app, world
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _caller(row) -> Role | None:
    if row.allowed == PUBLIC:
        return None
    return Role.UN_ADMIN if Role.UN_ADMIN in row.allowed else sorted(row.allowed)[0]


def _int_routes(app, policy):
    for rule, method in _routes(app):
        ints = [name for name, conv in rule._converters.items()
                if isinstance(conv, IntegerConverter)]
        if ints:
            yield rule, method, ints, policy[rule.endpoint, method]


def test_ids_beyond_the_integer_range_are_404_on_every_route(world_app, caplog):
    app, world = world_app
    policy = load_policy()
    clients, problems, count, endpoints = {}, [], 0, set()
    caplog.set_level(logging.WARNING)
    for rule, method, ints, row in _int_routes(app, policy):
        role = _caller(row)
        if role not in clients:
            clients[role] = app.test_client()
            if role is not None:
                _sign_in(app, clients[role], *world.users[role])
        values = dict(row.params)
        if row.obj:
            values.update(own_and_foreign(world, row.obj, role or Role.UN_ADMIN)[0])
        for name in ints:
            for value in (str(MAX_ID), *BEYOND):
                url = _url(rule, {**values, name: value})
                if url.startswith("/api/"):
                    headers = {"Authorization": f"Bearer {world.bearer[role]}"} if role else {}
                    response = clients[None].open(url, method=method, json={}, headers=headers)
                else:
                    response = clients[role].open(url, method=method, data={})
                count += 1
                status = response.status_code
                if (value in BEYOND and status != 404) or status >= 500:
                    problems.append(f"{method} {rule.rule} {name}={value[:30]} -> {status}")
        endpoints.add(rule.endpoint)
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    print(f"\nout-of-range ids: {len(endpoints)} endpoints, {count} requests, "
          f"{len(problems)} unexpected, {len(logged)} errors logged")
    assert len(endpoints) >= 40
    assert problems == []
    assert logged == []


def test_page_numbers_beyond_the_range_answer_without_a_server_error(world_app, caplog):
    app, world = world_app
    client = app.test_client()
    _sign_in(app, client, *world.users[Role.UN_ADMIN])
    paths = ["/certificates", f"/units/{world.objects['unit', 'A']['unit_id']}",
             f"/training/sessions/{world.objects['session', 'A']['session_id']}"]
    caplog.set_level(logging.WARNING)
    statuses = {(path, page): client.get(f"{path}?page={page}").status_code for path in paths
                for page in ("2147483648", "9223372036854775808", "9" * 30, "-5", "x")}
    assert set(statuses.values()) <= {200, 404}, statuses
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
