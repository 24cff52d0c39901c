"""The write operations (and GET /api/v1/trainers) under schemathesis as a state registrar and
a UN officer (bearer tokens), against a small world: no server error, every answer's status,
content type and body as the OpenAPI document says; schema-violating requests refused with a
4xx. The suite-wide run (tests/integration/api/test_openapi_conformance.py) covers every
operation; this one keeps the write operations' own examples many and fast."""
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.auth.models import Role
from app.auth.tokens import create_api_token

EXAMPLES = 25
WRITES = ("/api/v1/units/{unit_id}/roster", "/api/v1/units/{unit_id}/roster/{person_id}",
          "/api/v1/units/{unit_id}/screenings", "/api/v1/sessions",
          "/api/v1/sessions/{session_id}/attendees", "/api/v1/sessions/{session_id}/results",
          "/api/v1/languages", "/api/v1/trainers")


def test_write_operations_match_the_document(app, db, make_user, course, make_unit,
                                             make_person, settle):
    make_unit("KEN")
    make_person("KEN")
    settle()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [r.ok() for r in schema.get_all_operations()]
    operations = [op for op in operations if op.path in WRITES]
    assert len(operations) == len(WRITES)
    runs, failures = 0, {}
    for role in (Role.CENTRE_REGISTRAR, Role.UN_OFFICER):
        user = make_user(role, "KEN")
        _token, secret = create_api_token(user, "schemathesis")
        db.session.commit()
        headers = {"Authorization": f"Bearer {secret}"}
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                @given(case=operation.as_strategy(generation_mode=mode))
                @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                          database=None, suppress_health_check=list(HealthCheck))
                def check(case):
                    case.call_and_validate(headers=headers,
                                           excluded_checks=[positive_data_acceptance])

                try:
                    check()
                    runs += 1
                except Unsatisfiable:
                    continue
                except Exception as exc:
                    failures[f"{role.value} {operation.label} ({mode})"] = \
                        f"{type(exc).__name__}: {exc}"[:3000]
    print(f"\nschemathesis (writes): {len(operations)} operations x 2 roles, {runs} runs of up "
          f"to {EXAMPLES} examples, {len(failures)} failing")
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
