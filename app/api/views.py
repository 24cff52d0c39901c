"""Every endpoint of the JSON API, registered on the `api` blueprint; the OpenAPI document last,
since it describes the endpoints registered before it."""
from app.api import (account, certificates, pcrs, readiness, records, results,  # noqa: F401
                     rosters, sessions, standards, trainers, units)
from app.api import openapi  # noqa: F401,I001  (after the endpoints it documents)
from app.api.blueprint import bp

__all__ = ["bp"]
