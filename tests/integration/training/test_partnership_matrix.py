"""Who may record a session's results, and how (issue 16 item 1): every kind of session x every
recorder x every recording path, in one table.

Session kinds: national (its own state's trainer), partner (a partnership session taught by a
trainer of the partner state), mixed (a partnership session taught by both; the partner state's
trainer signs), Training of Trainers (the ToT centre's session; another state's nominee).
Recorders: the trainee state's registrar, the partnership's partner trainer, a ToT trainer, and
three outsiders (another Member State's registrar, a partner trainer of another partnership,
the registrar of the state hosting the ToT centre).
Paths: the per-row result form, the results import (upload, check, confirm), the write API
(POST /api/v1/sessions/{id}/results) and the results grid page.

Each cell either records the result, and the result then counts by the one result rule (what
readiness and certificates read, app/certification/facts.py), or is refused with a 403 or a 404
and writes nothing. Never a 500.
"""
import io
import re
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.auth.models import Role
from app.certification import facts
from app.training import services
from app.training.models import (Completion, CourseSession, SessionAttendee, SessionStandard,
                                 SessionTrainer)

DAY = date(2025, 5, 30)  # the sessions' last day: every result is dated on it
HEADER = "member_state,service_number,standard,completed_on,result,score,signed_off_by"
KINDS = ("national", "partner", "mixed", "tot")
WHO = ("registrar", "partner_trainer", "tot_trainer", "foreign_registrar", "other_partner",
       "host_registrar")
HOW = ("form", "import", "api", "grid")
RECORDS = "records"

# (who, kind) -> RECORDS, or the status code of the refusal; the import's own row below
ALLOWED = {
    ("registrar", "national"): RECORDS, ("registrar", "partner"): RECORDS,
    ("registrar", "mixed"): RECORDS, ("registrar", "tot"): 404,
    ("partner_trainer", "national"): 404, ("partner_trainer", "partner"): RECORDS,
    ("partner_trainer", "mixed"): RECORDS, ("partner_trainer", "tot"): 404,
    ("tot_trainer", "national"): 404, ("tot_trainer", "partner"): 404,
    ("tot_trainer", "mixed"): 404, ("tot_trainer", "tot"): RECORDS,
    **{("foreign_registrar", kind): 404 for kind in KINDS},
    **{("other_partner", kind): 404 for kind in KINDS},
    # the ToT centre's host state sees the ToT session as its state's, but may not record in it
    **{("host_registrar", kind): 404 for kind in KINDS}, ("host_registrar", "tot"): 403,
}


def expected(who, kind, how):
    if how == "import" and who == "tot_trainer":
        return 403  # imports are for state staff and partner trainers (Action.IMPORT)
    return ALLOWED[(who, kind)]


@pytest.fixture
def world(db, make_state, make_standard, make_person, make_qualification, make_centre,
          make_user, settle):
    """Kenya trains; Japan is its partner; the UN ToT centre is in Uganda. One session of each
    kind (25-30 May 2025), each with one Kenyan attendee, and a user for each recorder."""
    ken, jpn, uga = make_state("KEN"), make_state("JPN"), make_state("UGA")
    cd1 = make_standard("CD-1", "2017")  # signed off by a TOT-CPTM holder, pass mark 70
    tot_std = make_standard("TOT-CPTM", "2017", sign_off="tot_centre", category="tot",
                            validity_months=36)
    ken_trainer, jpn_trainer, instructor = make_person("KEN"), make_person("JPN"), \
        make_person("UGA")
    for trainer in (ken_trainer, jpn_trainer):
        make_qualification(trainer, "TOT-CPTM", date(2024, 1, 1), date(2027, 12, 31))
    partnership = services.create_partnership(
        "TPP-KEN-JPN", "Kenya with Japan", "UN DOS", "engineering", "Japan", date(2024, 1, 1),
        None, [ken.id], [jpn.id])
    other = services.create_partnership(
        "TPP-GHA-JPN", "Ghana with Japan", "UN DOS", "medical", None, date(2024, 1, 1), None,
        [make_state("GHA").id], [jpn.id])
    centre = make_centre("UN-TOTC", "UGA", kind="un_tot")
    layout = {  # kind: (state, partnership, standard, trainers, signer, tot)
        "national": (ken, None, cd1, [ken_trainer], ken_trainer, False),
        "partner": (ken, partnership, cd1, [jpn_trainer], jpn_trainer, False),
        "mixed": (ken, partnership, cd1, [ken_trainer, jpn_trainer], jpn_trainer, False),
        "tot": (uga, None, tot_std, [instructor], instructor, True),
    }
    sessions = {}
    for kind, (state, link, standard, trainers, signer, tot) in layout.items():
        trainee = make_person("KEN")
        session = CourseSession(state_id=state.id, title=f"{kind} session",
                                centre_id=centre.id if tot else None, start_on=date(2025, 5, 25),
                                end_on=DAY, language="en", is_tot=tot,
                                partnership_id=link.id if link else None)
        session.standards = [SessionStandard(standard_id=standard.id)]
        session.trainers = [SessionTrainer(person_id=t.id) for t in trainers]
        session.attendees = [SessionAttendee(person_id=trainee.id)]
        db.session.add(session)
        db.session.flush()
        sessions[kind] = SimpleNamespace(
            id=session.id, person_id=trainee.id, person_number=trainee.service_number,
            standard_id=standard.id, code=standard.code, version=standard.version,
            signer_id=signer.id, signer_number=signer.service_number)
    partner_user = make_user(Role.PARTNER_TRAINER, "JPN")
    services.link_partner_trainer(partnership, partner_user)
    outsider = make_user(Role.PARTNER_TRAINER, "JPN")
    services.link_partner_trainer(other, outsider)
    users = {"registrar": make_user(Role.CENTRE_REGISTRAR, "KEN"),
             "partner_trainer": partner_user, "tot_trainer": make_user(Role.TOT_TRAINER, "UGA"),
             "foreign_registrar": make_user(Role.CENTRE_REGISTRAR, "GHA"),
             "other_partner": outsider, "host_registrar": make_user(Role.CENTRE_REGISTRAR, "UGA")}
    settle()
    return SimpleNamespace(sessions=sessions, users=users)


# -- the four paths: each returns the status code of the refusal, or None once recorded -------

def _by_form(client, s, who):
    response = client.post(f"/training/sessions/{s.id}/results", data={
        "person_id": str(s.person_id), "standard_id": str(s.standard_id), "passed": "1",
        "score": "85", "completed_on": DAY.isoformat(), "signed_off_by": str(s.signer_id)})
    if response.status_code != 302:
        return response.status_code
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Result recorded" in page, _flashes(page)
    return None


def _by_import(client, s, who):
    row = f"KEN,{s.person_number},{s.code},{DAY.isoformat()},pass,85,{s.signer_number}"
    boundary, body = encode_multipart({"file": FileStorage(
        io.BytesIO(f"{HEADER}\n{row}\n".encode()), "results.csv")})
    response = client.post(f"/imports/sessions/{s.id}/results", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    if response.status_code != 302:
        return response.status_code
    stage = int(re.search(r"/imports/(\d+)$", response.headers["Location"]).group(1))
    while (checked := client.post(f"/imports/{stage}/check")).get_json()["status"] == "uploaded":
        assert checked.status_code == 200
    assert checked.get_json()["status"] == "checked", checked.get_json()
    confirmed = client.post(f"/imports/{stage}/confirm")
    page = client.get(f"/imports/{stage}").get_data(as_text=True)
    assert confirmed.status_code == 302 and "All 1 rows were written" in page, _flashes(page)
    return None


def _by_api(client, s, who, token):
    response = client.post(f"/api/v1/sessions/{s.id}/results", json={"results": [{
        "person_id": s.person_id, "standard": s.code, "completed_on": DAY.isoformat(),
        "result": "pass", "score": 85, "signed_off_by": s.signer_id}]},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"m-{s.id}-{who}"})
    if response.status_code != 200:
        assert response.is_json and response.status_code in (403, 404), response.get_data()
        return response.status_code
    assert response.get_json()["results_new"] == 1
    return None


def _by_grid(client, s, who):
    url = f"/training/sessions/{s.id}/results/grid"
    shown = client.get(url)
    if shown.status_code != 200:
        return shown.status_code
    response = client.post(url, data={
        "completed_on": DAY.isoformat(), "signed_off_by": str(s.signer_id),
        f"r-{s.person_id}-{s.standard_id}": "pass", f"s-{s.person_id}-{s.standard_id}": "85"})
    assert response.status_code == 302, _flashes(response.get_data(as_text=True))
    return None


def _flashes(page: str) -> str:
    """The page's messages, for a failing assertion."""
    return " | ".join(re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', page, re.S))[:2000]


PATHS = {"form": _by_form, "import": _by_import, "api": _by_api, "grid": _by_grid}


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("kind", KINDS)
def test_who_records_which_session_and_how(kind, who, how, app, db, client, world, login_as):
    from app.auth.tokens import create_api_token

    s, user = world.sessions[kind], world.users[who]
    if how == "api":
        _token, secret = create_api_token(user, "matrix")
        db.session.commit()
        refused = _by_api(app.test_client(), s, who, secret)
    else:
        login_as(user)
        refused = PATHS[how](client, s, who)
    db.session.expire_all()
    written = db.session.scalars(select(Completion).where(
        Completion.person_id == s.person_id)).all()
    want = expected(who, kind, how)
    if want == RECORDS:
        assert refused is None
        assert [(c.session_id, c.standard_id, c.completed_on, c.passed, c.score,
                 c.signed_off_by_id, c.recorded_by_id) for c in written] == \
            [(s.id, s.standard_id, DAY, True, 85, s.signer_id, user.id)]
        done = facts.completions([s.person_id], [s.code], DAY)[(s.person_id, s.code)]
        assert [d.fact.counts for d in done] == [True]  # the one result rule: it counts
    else:
        assert refused == want
        assert written == []


def test_the_table_covers_every_cell():
    assert {(who, kind) for who in WHO for kind in KINDS} == set(ALLOWED)
    assert {cell for cell, outcome in ALLOWED.items() if outcome == RECORDS} == {
        ("registrar", "national"), ("registrar", "partner"), ("registrar", "mixed"),
        ("partner_trainer", "partner"), ("partner_trainer", "mixed"), ("tot_trainer", "tot")}


@pytest.mark.parametrize("who", WHO)
def test_the_home_offers_exactly_the_sessions_its_user_may_record(who, db, client, world,
                                                                  login_as):
    """'Sessions with results to record' on the home lists the sessions (ended this past year,
    results missing) whose results the user may record, by the same rule, and no other."""
    from datetime import timedelta

    from app.timeutil import today

    for s in world.sessions.values():
        db.session.get(CourseSession, s.id).end_on = today() - timedelta(days=2)
    db.session.commit()
    login_as(world.users[who])
    page = client.get("/home").get_data(as_text=True)
    section = page.split('id="home-sessions"', 1)[1].split("</section>", 1)[0]
    listed = {kind for kind, s in world.sessions.items()
              if f"/training/sessions/{s.id}/results/grid" in section}
    assert listed == {kind for kind in KINDS if ALLOWED[(who, kind)] == RECORDS}
    for kind in listed:
        assert client.get(f"/training/sessions/{world.sessions[kind].id}/results/grid"
                          ).status_code == 200
