"""Readiness fixtures: record and readiness factories."""
from tests.factories_readiness import *  # noqa: F401,F403
from tests.factories_records import *  # noqa: F401,F403
