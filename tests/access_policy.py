"""The access policy the matrix test (tests/integration/test_access_matrix.py) enforces.

Every route in `app.url_map` needs a row. Each domain keeps its rows in
tests/access_policy_<domain>.py as `POLICY = {(endpoint, method): Rule(...)}`; this module merges
them. `allowed` is PUBLIC or a set of roles; `obj` names the kind of object in the URL ("unit",
"person", "session", "certificate", ...), substituted with an own, a foreign and a missing one.
Expected: anonymous -> redirect to login (pages) or 401 (API); a role not allowed -> 403;
allowed on own -> `ok`; allowed on foreign -> 404 unless the role sees all states; missing -> 404.
"""
import importlib
import pkgutil
from dataclasses import dataclass, field

from app.auth.models import Role as R

PUBLIC = "public"
STATE = frozenset({R.CENTRE_REGISTRAR, R.CERTIFYING_OFFICER})
UN = frozenset({R.UN_OFFICER, R.UN_ADMIN})
ALL = frozenset(R)


@dataclass(frozen=True)
class Rule:
    allowed: object  # PUBLIC or a frozenset of Role
    obj: str | None = None
    ok: tuple = (200,)
    params: dict = field(default_factory=dict)  # fixed URL values for non-object params
    note: str = ""


def load_policy() -> dict:
    import tests

    policy = {}
    for info in pkgutil.iter_modules(tests.__path__):
        if info.name.startswith("access_policy_"):
            module = importlib.import_module(f"tests.{info.name}")
            clash = set(policy) & set(module.POLICY)
            assert not clash, f"policy rows defined twice: {clash}"
            policy.update(module.POLICY)
    return policy
