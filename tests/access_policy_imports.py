"""Access rows for the imports blueprint (uploads, previews, templates, exports) and the unit
readiness API. An upload ("import_stage") belongs to the user who sent it: anyone else, even of
the same state, gets a 404."""
from app.auth.models import Role as R
from tests.access_policy import STATE, UN, Rule

IMPORTERS = STATE | {R.PARTNER_TRAINER}
RECORDERS = STATE | {R.PARTNER_TRAINER, R.TOT_TRAINER}  # a session's results (action result.record)
EXPORTERS = STATE | UN
POST_OK = (200, 302, 400, 422)

POLICY = {
    ("imports.template_download", "GET"): Rule(IMPORTERS, params={"kind": "roster",
                                                                  "fmt": "xlsx"}),
    ("imports.roster_upload", "GET"): Rule(STATE, obj="unit"),
    ("imports.roster_upload", "POST"): Rule(STATE, obj="unit", ok=POST_OK,
                                            note="no file: 422 with the form"),
    ("imports.unit_with_roster", "GET"): Rule(STATE),
    ("imports.unit_with_roster", "POST"): Rule(STATE, ok=POST_OK,
                                               note="no file: 422 with the form, no unit"),
    ("imports.results_upload", "GET"): Rule(IMPORTERS, obj="session"),
    ("imports.results_upload", "POST"): Rule(IMPORTERS, obj="session", ok=POST_OK),
    ("imports.results_grid", "GET"): Rule(RECORDERS, obj="session"),
    ("imports.results_grid", "POST"): Rule(RECORDERS, obj="session", ok=POST_OK,
                                           note="an empty form has no date: 422, nothing written"),
    ("imports.preview", "GET"): Rule(IMPORTERS, obj="import_stage"),
    ("imports.progress", "GET"): Rule(IMPORTERS, obj="import_stage"),
    ("imports.check_rows", "POST"): Rule(IMPORTERS, obj="import_stage", ok=POST_OK),
    ("imports.confirm", "POST"): Rule(IMPORTERS, obj="import_stage", ok=POST_OK,
                                      note="an empty upload is refused: 302 back"),
    ("imports.discard", "POST"): Rule(IMPORTERS, obj="import_stage", ok=POST_OK),
    ("imports.roster_export", "GET"): Rule(EXPORTERS, obj="unit", params={"fmt": "csv"}),
    ("imports.unit_completions_export", "GET"): Rule(EXPORTERS, obj="unit",
                                                      params={"fmt": "xlsx"}),
    ("imports.session_results_export", "GET"): Rule(EXPORTERS, obj="session",
                                                     params={"fmt": "csv"}),
    ("api.unit_readiness_get", "GET"): Rule(STATE | UN, obj="unit"),
    ("api.person_clearance_get", "GET"): Rule(STATE | UN, obj="person"),
}
