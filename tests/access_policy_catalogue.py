"""Access rows for the public pages: home, health, language switch, the catalogue pages, and the
catalogue API with its OpenAPI document. Everything here is public (no sign-in, no state data).
The matrix world holds standard CPTM-1 but no requirement profile, so a profile page is 404 there."""
from tests.access_policy import PUBLIC, Rule

STANDARD = {"code": "CPTM-1"}
PROFILE = {"code": "INF-BN-L2"}

POLICY = {
    ("main.index", "GET"): Rule(PUBLIC),
    ("main.healthz", "GET"): Rule(PUBLIC),
    ("main.set_language", "POST"): Rule(PUBLIC, ok=(302,), params={"code": "fr"}),
    ("catalogue.index", "GET"): Rule(PUBLIC),
    ("catalogue.standard_detail", "GET"): Rule(PUBLIC, params=STANDARD),
    ("catalogue.profile_list", "GET"): Rule(PUBLIC),
    ("catalogue.profile_detail", "GET"): Rule(PUBLIC, params=PROFILE, ok=(200, 404)),
    ("catalogue.gender_targets", "GET"): Rule(PUBLIC),
    ("catalogue.source_list", "GET"): Rule(PUBLIC),
    ("api.openapi", "GET"): Rule(PUBLIC),
    ("api.standard_list", "GET"): Rule(PUBLIC),
    ("api.standard_detail", "GET"): Rule(PUBLIC, params=STANDARD),
    ("api.profile_detail", "GET"): Rule(PUBLIC, params=PROFILE, ok=(200, 404)),
}
