import pytest

from tests.factories_catalogue import ensure_translations


@pytest.fixture(scope="session", autouse=True)
def _french_compiled():
    ensure_translations()
