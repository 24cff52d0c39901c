from tests.factories_certification import *  # noqa: F401,F403
