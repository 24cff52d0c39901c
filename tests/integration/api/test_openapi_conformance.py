"""Every operation in /api/v1/openapi.json under schemathesis, in-process, as anonymous, a state
registrar and a UN officer (personal bearer tokens), against a small world (the fixture
catalogue, a KEN unit with a person, a session with a trainer and attendees): no server error;
status codes, content types, headers and bodies as documented; requests that violate the
schema (negative data, where there is a query string, a body or a header to get wrong) refused
with a 4xx. At least EXAMPLES examples per operation, mode and role; the counts are printed.
The operations are read from the document, so endpoints added later are covered too.

The operations are walked by hand rather than with `schemathesis.pytest.from_fixture`, whose
pytest plugin (4.32.5) sets `request.node._nodeid`, which pytest 9 no longer has."""
import os
import time
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.auth.models import Role
from app.auth.tokens import create_api_token
from tests.factories_catalogue import load
from tests.factories_records import *  # noqa: F401,F403 (the world's fixtures)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "100"))  # fewer only to debug locally
ROLES = (None, Role.CENTRE_REGISTRAR, Role.UN_OFFICER)  # None: anonymous
# A schema-valid request may still break a business rule (an upload that is not a PDF, a level
# that skips a step): such a refusal is fine as long as its status is documented, which
# status_code_conformance checks. So "valid data must be accepted" is not applied.
EXCLUDED = [positive_data_acceptance]


def _modes(operation):
    """Negative data only where there is something to get wrong beyond a free-text path."""
    if len(operation.query) or len(operation.body) or len(operation.headers):
        return (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    return (GenerationMode.POSITIVE,)


def _describe(exc: BaseException) -> str:
    """The exception and, for a group (schemathesis's failures, Hypothesis's flaky report),
    each exception inside it: what went wrong the first time."""
    text = f"{type(exc).__name__}: {exc}"
    for inner in getattr(exc, "exceptions", ()):
        text += "\n  " + _describe(inner).replace("\n", "\n  ")
    return text


@pytest.fixture
def world(db, taxonomy, make_unit, make_person, course, settle):
    load()
    make_unit("KEN")
    make_person("KEN")
    settle()


# One test per role, each within this limit (pytest-timeout's 600 s default would interrupt a
# long run mid-example, which Hypothesis then reports as a flaky failure): measured 233-826 s a
# role on the project's 2-core machine with about ten other jobs running.
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.value if role else "anonymous")
def test_api_matches_its_openapi_document(app, db, make_user, world, role):
    document = app.test_client().get("/api/v1/openapi.json").json
    names = [p["name"] for ops in document["paths"].values() for op in ops.values()
             for p in op.get("parameters", [])]
    assert all(isinstance(name, str) for name in names), names  # YAML reads a bare `on` as true
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    only = os.environ.get("SCHEMATHESIS_ONLY")  # a path, only to debug locally
    assert {op.path for op in operations} >= {"/api/v1/standards", "/api/v1/standards/{code}",
                                              "/api/v1/profiles/{code}", "/api/v1/sessions",
                                              "/api/v1/units/{unit_id}/pcrs-decisions"}
    runs, calls, statuses, failures, spent = 0, Counter(), Counter(), {}, Counter()
    started = time.perf_counter()
    headers, who = {}, "anonymous"
    if role is not None:
        _token, secret = create_api_token(make_user(role, "KEN"), "schemathesis")
        db.session.commit()
        headers, who = {"Authorization": f"Bearer {secret}"}, role.value
    for operation in operations:
        if only and operation.path != only:
            continue
        for mode in _modes(operation):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                      database=None, suppress_health_check=list(HealthCheck))
            def check(case):
                # The role's token goes with every request, so a negative case whose violation
                # includes a dropped Authorization header cannot be sent as this role (it would
                # be judged as if it had gone without one): anonymous runs cover that case.
                assume(not headers or mode is GenerationMode.POSITIVE
                       or "Authorization" in (case.headers or {}))
                response = case.call(headers=headers)
                calls[operation.label] += 1
                statuses[response.status_code // 100] += 1
                case.validate_response(response, excluded_checks=EXCLUDED, headers=headers,
                                       transport_kwargs={"headers": dict(headers)})

            run_started = time.perf_counter()
            try:
                check()
                runs += 1
            except Unsatisfiable:
                continue  # no way to violate this operation's schema
            except (Exception, BaseExceptionGroup) as exc:  # collect: name every failure
                failures[f"{operation.label} ({mode})"] = _describe(exc)[:4000]
            finally:
                spent[f"{operation.label} ({mode.value})"] = time.perf_counter() - run_started
    fewest = min(calls.values())
    print(f"\nschemathesis as {who}: {len(calls)} of {len(operations)} operations, {runs} runs "
          f"of up to {EXAMPLES} examples, {sum(calls.values())} requests (fewest for one "
          f"operation: {fewest}; {statuses[2]} 2xx, {statuses[4]} 4xx), {statuses[5]} server "
          f"errors, {len(failures)} failing runs, {time.perf_counter() - started:.0f} s; "
          "slowest: " + "; ".join(f"{label} {seconds:.1f} s"
                                  for label, seconds in spent.most_common(3)))
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
    assert statuses[5] == 0
    assert only or (len(calls) == len(operations) and fewest >= EXAMPLES)
