"""The access matrix: every route x every role (and anonymous) x own / foreign / missing object.

1. Every (endpoint, method) in `app.url_map` (but static files) has a row in the merged policy
   (tests/access_policy.py, load_policy()); a new route without one fails here.
2. For each role a fresh world is built (tests/integration/auth/access_world.py: states A and B,
   one object of each kind per state) and every route is called as that role:
   - anonymous: a page redirects to the sign-in page, the API answers 401;
   - a role the rule does not allow: 403 (whatever the object), with one audit event;
   - allowed, own object: the rule's `ok` (GET) or, for POST with an empty form, no 5xx and
     no 401/403 (an earlier POST of the same run may have removed the object: 404 is allowed);
   - allowed, foreign object: 404 unless the role sees that object (UN roles see every state);
   - allowed, missing object: 404.
   Public rows: anyone gets `ok` (missing object: 404). Pages are called with the signed-in
   session cookie, the API with the role's personal token (Bearer). Every answer carries the
   security headers; every answer to a signed-in user has Cache-Control: no-store.
3. No GET and no refused request changes the database (a hash of every table's rows, audit
   trail and token last-use stamps aside, is the same before and after).
4. No list page, export or own-object page shows state B's objects to a role that may not see
   them (FOREIGN_MARKERS: texts only state B's objects carry).
Requests run without a pushed app context, as in production: each gets its own DB session.
"""
import hashlib
import re

import pyotp
import pytest
from sqlalchemy import select, text

from app import create_app
from app.auth.models import Role
from app.config import TestConfig
from app.extensions import db
from tests.access_policy import PUBLIC, load_policy
from tests.integration.auth.access_world import (PASSWORD, build_world, missing,
                                                 own_and_foreign)

SKIP_ENDPOINTS = {"static", "bootstrap.static"}
# Tables a read or a refusal may legitimately write: the audit trail (denials are recorded) and
# API tokens (last use is stamped).
UNHASHED = {"audit_events", "api_tokens", "alembic_version"}
# Texts that only state B's objects carry (see access_world.py), by who must never see them on
# a list page or on their own object's page. UN roles see everything.
FOREIGN_MARKERS = ("Battalion B", "PersonB", "PDT B", "TPP course B", "ToT B",
                   "BBB-2026-00000B", "BBB-2026-10000B")
TOT_MAY_SEE = {"ToT B", "PersonB", "BBB-2026-10000B"}  # ToT sessions, trainers, trainer certs
ROLES = [None, *Role]  # None: anonymous


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_has_a_policy_row(app):
    policy = load_policy()
    routes = [(rule.endpoint, method) for rule, method in _routes(app)]
    missing_rows = sorted(set(routes) - set(policy))
    print(f"\naccess policy: {len(routes)} routes (endpoint x method), "
          f"{len(missing_rows)} without a row")
    assert not missing_rows, "routes without a row in tests/access_policy_*.py: " + \
        ", ".join(f"{e} {m}" for e, m in missing_rows)
    stale = sorted(set(policy) - set(routes))
    assert not stale, f"policy rows for routes that do not exist: {stale}"


@pytest.fixture(scope="module")
def matrix_app():
    app = create_app(TestConfig)
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _fresh_world(app):
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # nothing left over from the previous role's requests
        db.drop_all()
        db.create_all()
        world = build_world(db)
        db.session.remove()
    return world


def _sign_in(app, client, email, secret):
    with app.app_context():  # a code works once: let a repeated sign-in in the same step pass
        db.session.execute(text("UPDATE users SET mfa_last_step = 0"))
        db.session.commit()
        db.session.remove()
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"sign-in failed for {email}"
    if secret:
        response = client.post("/auth/mfa", data={"code": pyotp.TOTP(secret).now()})
        assert response.status_code == 302, f"MFA failed for {email}"
    assert client.get("/api/v1/me").status_code == 200


def _fingerprint(app) -> str:
    """A hash of every row of every table but UNHASHED (to prove a request changed nothing)."""
    digest = hashlib.sha256()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name not in UNHASHED:
                rows = db.session.execute(select(table)).all()
                digest.update(f"{table.name}:{sorted(map(repr, rows))}".encode())
        db.session.remove()
    return digest.hexdigest()


def _leaks(role, relation, response) -> list[str]:
    if role is None or role.sees_all_states or relation not in ("-", "own") or \
            response.status_code != 200:
        return []
    body = response.get_data()  # bytes: exports and PDFs too
    hidden = [m for m in FOREIGN_MARKERS if not (role is Role.TOT_TRAINER and m in TOT_MAY_SEE)]
    return [m for m in hidden if m.encode() in body]


def _denials(app) -> int:
    with app.app_context():
        count = db.session.execute(text(
            "SELECT count(*) FROM audit_events WHERE action = 'access.denied'")).scalar()
        db.session.remove()
    return count


def _cases(app, policy, world, role):
    """(endpoint, method, relation, url values, expected) for every case of one role."""
    for rule, method in _routes(app):
        row = policy.get((rule.endpoint, method))
        if row is None:
            continue  # test_every_route_has_a_policy_row fails for it
        base = dict(row.params)
        if row.obj is None:
            yield rule, method, "-", base, _expect(row, role, "own", True)
            continue
        own, foreign, visible = own_and_foreign(world, row.obj, role or Role.UN_ADMIN)
        yield rule, method, "own", {**base, **own}, _expect(row, role, "own", True)
        if foreign is not None:
            yield rule, method, "foreign", {**base, **foreign}, _expect(row, role, "foreign",
                                                                         visible)
        yield rule, method, "missing", {**base, **missing(own)}, _expect(row, role, "missing",
                                                                         False)


def _expect(row, role, relation, visible):
    if row.allowed == PUBLIC:
        return ("status", {404}) if relation == "missing" and row.obj else ("ok", row.ok)
    if role is None:
        return ("anonymous", None)
    if role not in row.allowed:
        return ("status", {403})
    if relation == "missing" or (relation == "foreign" and not visible):
        return ("status", {404})
    return ("ok", row.ok)


def _url(rule, values):
    needed = {a: values[a] for a in rule.arguments if a in values}
    absent = set(rule.arguments) - set(needed)
    assert not absent, f"{rule.endpoint}: no value for {absent} (add params= or an obj kind)"
    path = rule.rule
    for name, value in needed.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)  # any converter
    return path


def _check(response, method, expected, is_api, signed_in) -> str | None:
    status = response.status_code
    kind, allowed = expected
    problem = None
    if status >= 500:
        problem = "server error"
    elif kind == "anonymous":
        if is_api and status != 401:
            problem = "expected 401"
        elif not is_api and (status != 302 or "/auth/login" not in
                             response.headers.get("Location", "")):
            problem = "expected a redirect to the sign-in page"
    elif kind == "status" and status not in allowed:
        problem = f"expected {sorted(allowed)}"
    elif kind == "ok" and method == "GET" and status not in allowed:
        problem = f"expected {list(allowed)}"
    elif kind == "ok" and method != "GET" and status in (401, 403):
        problem = "an allowed role was refused"
    h = response.headers
    csp = h.get("Content-Security-Policy", "")
    if not all(p in csp for p in ("object-src 'none'", "base-uri 'none'", "frame-ancestors")) \
            or "unsafe-inline" in csp or h.get("X-Content-Type-Options") != "nosniff" \
            or not h.get("Referrer-Policy"):
        problem = (problem or "") + " missing security headers"
    if signed_in and "no-store" not in h.get("Cache-Control", ""):
        problem = (problem or "") + " no Cache-Control: no-store for a signed-in user"
    return problem


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_access_matrix(matrix_app, role):
    app, policy = matrix_app, load_policy()
    world = _fresh_world(app)
    client, api_client = app.test_client(), app.test_client()
    headers = {"Authorization": f"Bearer {world.bearer[role]}"} if role else {}
    if role is not None:
        _sign_in(app, client, *world.users[role])
    cases = sorted(_cases(app, policy, world, role),
                   key=lambda c: (c[1] != "GET", c[2] == "own", c[0].endpoint))
    unexpected, count, last, exercised = [], 0, None, set()
    for rule, method, relation, values, expected in cases:
        exercised.add((rule.endpoint, method))
        url = _url(rule, values)
        is_api = url.startswith("/api/")
        before = _denials(app) if expected == ("status", {403}) else None
        must_not_write = method == "GET" or expected[0] != "ok"
        if must_not_write and last is None:
            last = _fingerprint(app)
        if is_api:  # the API as its clients use it: a personal token, no cookie
            response = api_client.open(url, method=method, json={}, headers=headers)
        else:
            response = client.open(url, method=method, data={})
        count += 1
        problem = _check(response, method, expected, is_api, role is not None)
        if before is not None and response.status_code == 403 and \
                _denials(app) != before + 1:
            problem = (problem or "") + " a 403 without exactly one access.denied audit event"
        after = _fingerprint(app) if must_not_write else None
        if must_not_write and after != last:
            problem = (problem or "") + " the database changed"
        last = after
        leaks = _leaks(role, relation, response)
        if leaks:
            problem = (problem or "") + f" shows another state's data {leaks}"
        if problem:
            unexpected.append(f"{method} {rule.endpoint} [{relation}] {url} -> "
                              f"{response.status_code}: {problem}")
        if role is not None and method != "GET" and client.get("/api/v1/me").status_code != 200:
            _sign_in(app, client, *world.users[role])  # e.g. after logout or a password change
            last = None
    who = role.value if role else "anonymous"
    routes = {(rule.endpoint, method) for rule, method in _routes(app)}
    assert exercised == routes & set(policy), "some routes were not exercised"
    print(f"\naccess matrix as {who}: {count} cases, {len(unexpected)} unexpected")
    assert not unexpected, f"{len(unexpected)} unexpected outcomes as {who}:\n" + \
        "\n".join(unexpected)
