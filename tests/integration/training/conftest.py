"""Record factories for these tests; the taxonomy the forms offer is always there."""
import pytest

from tests.factories_records import *  # noqa: F401,F403


@pytest.fixture(autouse=True)
def _taxonomy(taxonomy):
    return taxonomy
