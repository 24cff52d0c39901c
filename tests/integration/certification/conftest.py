from tests.factories_certification import *  # noqa: F401,F403
from tests.integration.certification.verify_helpers import issued  # noqa: F401
