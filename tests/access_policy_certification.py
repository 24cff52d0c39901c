"""Access rows for the certification blueprint (staff pages, public verify pages, bulk jobs)
and the certificates API. Lifecycle POSTs are called with an empty form: after the object and
the permission checks pass, a refused form is a 400. A job is shown only to the user who started
it, so another allowed user gets 404 for it. The matrix world holds certificate rows without PDF
files: the PDF route answers 410 (the stored file is missing or does not match its hash)."""
from app.auth.models import Role as R
from tests.access_policy import PUBLIC, STATE, UN, Rule

VIEW = STATE | UN | frozenset({R.TOT_TRAINER})
OFFICER = frozenset({R.CERTIFYING_OFFICER})
SUSPEND = frozenset({R.UN_OFFICER, R.CERTIFYING_OFFICER})
REVOKE = SUSPEND | frozenset({R.TOT_TRAINER})
CORRECT = frozenset({R.CERTIFYING_OFFICER, R.TOT_TRAINER})  # revoke right + the issue right
POST_FORM = (200, 302, 400)
OWNER_ONLY = "only the user who started a job sees it"
NO_BADGE = "the world's certificate rows are written directly, without an Open Badges credential"

POLICY = {
    ("certification.certificate_list", "GET"): Rule(VIEW),
    ("certification.unit_pick", "GET"): Rule(VIEW, ok=(302,)),
    ("certification.person_pick", "GET"): Rule(STATE, ok=(302,)),
    ("certification.certificate_detail", "GET"): Rule(VIEW, obj="certificate"),
    ("certification.certificate_pdf", "GET"): Rule(VIEW, obj="certificate", ok=(200, 410),
                                                   note="no PDF files in the matrix world"),
    ("certification.certificate_credential", "GET"): Rule(VIEW, obj="certificate", ok=(404,),
                                                          note=NO_BADGE),
    ("certification.certificate_suspend", "POST"): Rule(SUSPEND, obj="certificate", ok=POST_FORM),
    ("certification.certificate_reinstate", "POST"): Rule(SUSPEND, obj="certificate",
                                                          ok=POST_FORM),
    ("certification.certificate_revoke", "GET"): Rule(REVOKE, obj="certificate"),
    ("certification.certificate_revoke", "POST"): Rule(REVOKE, obj="certificate", ok=POST_FORM),
    ("certification.certificate_correct", "GET"): Rule(CORRECT, obj="certificate"),
    ("certification.certificate_correct", "POST"): Rule(CORRECT, obj="certificate",
                                                        ok=POST_FORM),
    ("certification.issue_individual", "GET"): Rule(STATE, obj="person"),
    ("certification.issue_individual", "POST"): Rule(STATE, obj="person", ok=POST_FORM),
    ("certification.issue_trainer", "GET"): Rule(frozenset({R.TOT_TRAINER}), obj="qualification"),
    ("certification.issue_trainer", "POST"): Rule(frozenset({R.TOT_TRAINER}),
                                                  obj="qualification", ok=POST_FORM),
    ("certification.unit_certificates", "GET"): Rule(STATE | UN, obj="unit"),
    ("certification.issue_unit", "POST"): Rule(OFFICER, obj="unit", ok=POST_FORM),
    ("certification.bulk_start", "POST"): Rule(STATE, obj="unit", ok=POST_FORM),
    ("certification.job_detail", "GET"): Rule(VIEW, obj="job", ok=(200, 404), note=OWNER_ONLY),
    ("certification.job_status", "GET"): Rule(VIEW, obj="job", ok=(200, 404), note=OWNER_ONLY),
    ("certification.job_download", "GET"): Rule(VIEW, obj="job", ok=(404,),
                                                params={"fmt": "pdf"},
                                                note="the world's job is not finished"),
    # public
    ("verification.verify_index", "GET"): Rule(PUBLIC),
    ("verification.verify", "GET"): Rule(PUBLIC, obj="certificate"),
    ("verification.verify_check", "POST"): Rule(PUBLIC, ok=(400,)),
    ("verification.verify_lookup", "POST"): Rule(PUBLIC, ok=(400,)),
    ("verification.signing_keys", "GET"): Rule(PUBLIC),
    ("verification.did_document", "GET"): Rule(PUBLIC),
    ("verification.verify_credential", "GET"): Rule(
        PUBLIC, obj="certificate", ok=(404,), note=NO_BADGE),
    ("verification.status_list_document", "GET"): Rule(
        PUBLIC, ok=(404,), params={"purpose": "revocation", "list_no": 1},
        note="the world's certificates are rows written directly, with no list position"),
    ("api.certificate_status", "GET"): Rule(PUBLIC, obj="certificate"),
    ("api.certificate_check", "POST"): Rule(PUBLIC, ok=(400,)),
}

# the certification hand-off (app/certification/requests.py)
POLICY.update({
    ("certification.request_create", "POST"): Rule(STATE, obj="unit", ok=(302,)),
    ("certification.request_queue", "GET"): Rule(OFFICER),
    ("certification.request_issue", "POST"): Rule(OFFICER, obj="certification_request",
                                                  ok=(302,)),
    ("certification.request_decline", "GET"): Rule(OFFICER, obj="certification_request"),
    ("certification.request_decline", "POST"): Rule(OFFICER, obj="certification_request",
                                                    ok=(200, 302)),
})
