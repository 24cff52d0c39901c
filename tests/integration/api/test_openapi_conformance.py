"""Every operation in /api/v1/openapi.json, exercised in-process by schemathesis: no server error;
status codes, content types and bodies as documented; requests that violate the schema (negative
data, for operations with a query string or a body) refused with a 4xx. Bounded: a few examples
per operation and mode. Runs anonymous against the fixture catalogue, so endpoints added later are
covered too (an endpoint needing a login must document its 401).

The operations are walked by hand rather than with `schemathesis.pytest.from_fixture`, whose
pytest plugin (4.32.5) sets `request.node._nodeid`, which pytest 9 no longer has."""
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories_catalogue import load

EXAMPLES = 12
# A schema-valid request may still break a business rule (an upload that is not a PDF, a level
# that skips a step): such a refusal is fine as long as its status is documented, which
# status_code_conformance checks. So "valid data must be accepted" is not applied.
EXCLUDED = [positive_data_acceptance]


def _modes(operation):
    """Negative data only where there is something to get wrong beyond a free-text path."""
    if len(operation.query) or len(operation.body):
        return (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    return (GenerationMode.POSITIVE,)


def test_api_matches_its_openapi_document(app, db):
    load()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/standards", "/api/v1/standards/{code}",
                                              "/api/v1/profiles/{code}"}
    runs, failures = 0, {}
    for operation in operations:
        for mode in _modes(operation):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def check(case):
                case.call_and_validate(excluded_checks=EXCLUDED)

            try:
                check()
                runs += 1
            except Unsatisfiable:
                continue  # no way to violate this operation's schema
            except Exception as exc:  # collect, so one run names every failing operation
                failures[f"{operation.label} ({mode})"] = f"{type(exc).__name__}: {exc}"[:3000]
    print(f"\nschemathesis: {len(operations)} operations, {runs} runs of up to {EXAMPLES} "
          f"examples, {len(failures)} failing")
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
