"""The result rules exist once (app/training/rules.py): the per-row form's service, the results
import (through its real pages), the batch of the results grid and the API, readiness and
certificates agree on every case of this table, boundaries included. A case the recording paths refuse is a completion readiness does not count
and a certificate does not cover, when such a row is in the database anyway."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.catalogue.models import RequirementProfile, Standard
from app.certification.issuing.eligibility import NotEligible, individual_draft
from app.imports.batch import Entry, check_results
from app.imports.models import ImportStage
from app.readiness.services import unit_readiness
from app.training import services as training
from app.training.models import (Completion, CourseSession, Partnership, PartnershipState,
                                 SessionAttendee, SessionStandard, SessionTrainer,
                                 TrainerQualification)
from app.units.errors import SignOffRefused
from app.units.models import Person, Unit

DAY = date(2026, 3, 5)  # the completion date of every case
HEADER = "member_state,service_number,standard,completed_on,result,score,signed_off_by"

# case -> the first rule broken (None: the result counts)
CASES = {
    "valid": None,
    "qualification valid until that day": None,
    "qualification expired the day before": "unqualified",
    "qualification valid from that day": None,
    "qualification valid from the day after": "unqualified",
    "version retired that day": None,
    "version retired the day before": "not_current",
    "version in force from that day": None,
    "version in force from the day after": "not_current",
    "score exactly at the pass mark": None,
    "score one below the pass mark": "below_pass_mark",
    "signed off by the person themselves": "self_sign_off",
    "signer not a trainer of the session": "not_trainer",
    "partnership session, trainer of another Member State": None,
}


def _trainer(db, state, number, valid_until=date(2027, 12, 31)):
    person = Person(state_id=state.id, service_number=number, given_name="Tess",
                    family_name=f"Trainer {number}", rank="Maj", sex="F",
                    personnel_category="military_contingent", nationality=state.iso3)
    db.session.add(person)
    db.session.flush()
    db.session.add(TrainerQualification(state_id=state.id, person_id=person.id,
                                        qualification_code="TOT-CPTM",
                                        valid_from=date(2024, 1, 1), valid_until=valid_until))
    return person


def _case_world(db, readiness_world, make_state, case):
    """A Kenyan unit of one person, the standard its profile requires (pass mark 70), a session
    of 2 to 6 March 2026 teaching it, and the case's trainer, signer and score."""
    w = readiness_world(size=1, keys=0, codes=("CD-1",), share=1.0)
    person, standard = w.people[0], w.standards["CD-1"]
    partnership_id, trainer = None, w.trainer
    if case == "partnership session, trainer of another Member State":
        japan = make_state("JPN")
        trainer = _trainer(db, japan, "JP-TR-1")
        partnership = Partnership(code="TPP-X", name="TPP", un_entity="DOS", stream="medical",
                                  start_on=date(2026, 1, 1))
        db.session.add(partnership)
        db.session.flush()
        partnership_id = partnership.id
        db.session.add_all([
            PartnershipState(partnership_id=partnership.id, state_id=w.state.id, role="trainee"),
            PartnershipState(partnership_id=partnership.id, state_id=japan.id, role="partner")])
    session = CourseSession(state_id=w.state.id, title="PDT", start_on=date(2026, 3, 2),
                            end_on=date(2026, 3, 6), language="en", partnership_id=partnership_id)
    session.standards = [SessionStandard(standard_id=standard.id)]
    trainers = [trainer]
    signer, score = trainer, 80
    if case == "qualification valid until that day":
        w.qualification.valid_until = DAY
    elif case == "qualification expired the day before":
        w.qualification.valid_until = DAY - timedelta(days=1)
    elif case == "qualification valid from that day":
        w.qualification.valid_from = DAY
    elif case == "qualification valid from the day after":
        w.qualification.valid_from = DAY + timedelta(days=1)
    elif case == "version in force from that day":
        standard.effective_on = DAY
    elif case == "version in force from the day after":
        standard.effective_on = DAY + timedelta(days=1)
    elif case == "version retired that day":
        standard.retired_on = DAY
    elif case == "version retired the day before":
        standard.retired_on = DAY - timedelta(days=1)
    elif case == "score exactly at the pass mark":
        score = standard.pass_mark
    elif case == "score one below the pass mark":
        score = standard.pass_mark - 1
    elif case == "signed off by the person themselves":
        db.session.add(TrainerQualification(state_id=w.state.id, person_id=person.id,
                                            qualification_code="TOT-CPTM",
                                            valid_from=date(2024, 1, 1),
                                            valid_until=date(2027, 12, 31)))
        trainers, signer = [trainer, person], person
    elif case == "signer not a trainer of the session":
        signer = _trainer(db, w.state, "KE-TR-OUT")
    session.trainers = [SessionTrainer(person_id=t.id) for t in trainers]
    session.attendees = [SessionAttendee(person_id=person.id)]
    db.session.add(session)
    db.session.flush()
    return SimpleNamespace(unit_id=w.unit.id, profile_id=w.profile.id, person_id=person.id,
                           person_number=person.service_number, standard_id=standard.id,
                           session_id=session.id, signer_id=signer.id,
                           signer_number=signer.service_number, score=score)


def _form_verdict(db, c):
    """What the per-row result form's service says."""
    get = db.session.get
    try:
        training.check_result(get(CourseSession, c.session_id), get(Person, c.person_id),
                              get(Standard, c.standard_id), DAY, True, c.score,
                              get(Person, c.signer_id))
    except SignOffRefused as refused:
        return refused.code
    return None


def _import_verdict(db, flow, c):
    """What the results import says, through its upload and check pages (as the registrar)."""
    row = f"KEN,{c.person_number},CD-1,{DAY.isoformat()},pass,{c.score},{c.signer_number}"
    stage = flow.stage_id(flow.upload(f"/imports/sessions/{c.session_id}/results",
                                      f"{HEADER}\n{row}\n".encode()))
    _calls, body = flow.check(stage)
    assert body["status"] == "checked", body
    db.session.expire_all()
    problems = db.session.scalar(select(ImportStage.problems).where(ImportStage.id == stage))
    assert len(problems) <= 1, problems
    return problems[0][2] if problems else None


def _batch_verdict(db, c):
    """What the batch behind the session's results page and the write API says."""
    problems = check_results(db.session.get(CourseSession, c.session_id), [Entry(
        c.person_id, c.standard_id, DAY, True, c.score, c.signer_id)])
    assert len(problems) <= 1, problems
    return problems[0].code if problems else None


def _counts_for_readiness_and_certificates(db, c):
    """Put the result in the database as it stands (bypassing the recording rules), then ask
    readiness whether the person holds the standard and certificates whether they cover it."""
    person = db.session.get(Person, c.person_id)
    db.session.add(Completion(state_id=person.state_id, person_id=person.id,
                              standard_id=c.standard_id, session_id=c.session_id,
                              completed_on=DAY, passed=True, score=c.score,
                              signed_off_by_id=c.signer_id))
    db.session.flush()
    readiness = _readiness(db, c)
    holds = readiness.verdict.per_person[person.id]["CD-1"].status.holds
    try:
        individual_draft(person, ["CD-1"], DAY)
        covered = True
    except NotEligible:
        covered = False
    return holds, covered


def _readiness(db, c):
    return unit_readiness(db.session.get(Unit, c.unit_id), DAY,
                          profile=db.session.get(RequirementProfile, c.profile_id))


@pytest.mark.parametrize("case", list(CASES))
def test_form_import_readiness_and_certificates_agree(case, client, db, registrar, flow,
                                                      readiness_world, make_state, settle):
    expected = CASES[case]
    c = _case_world(db, readiness_world, make_state, case)
    settle()  # the import's requests load the session as the registrar's own requests would
    assert _import_verdict(db, flow, c) == expected
    assert _form_verdict(db, c) == expected
    assert _batch_verdict(db, c) == expected
    holds, covered = _counts_for_readiness_and_certificates(db, c)
    assert holds == (expected is None)
    assert covered == (expected is None)


def test_partnership_results_import_by_the_trainee_states_registrar(
        client, db, registrar, flow, readiness_world, make_state, settle):
    """Issue 16, item 1: the trainee state's registrar imports results for a partnership session
    whose only trainer belongs to another Member State: checked, confirmed, written, counted."""
    c = _case_world(db, readiness_world, make_state,
                    "partnership session, trainer of another Member State")
    settle()
    earlier = (DAY - timedelta(days=1)).isoformat()
    rows = [f"KEN,{c.person_number},CD-1,{DAY.isoformat()},pass,85,",  # the only trainer
            f"KEN,{c.person_number},CD-1,{earlier},pass,75,{c.signer_number}"]
    _stage, response, page = flow.run(f"/imports/sessions/{c.session_id}/results",
                                      ("\n".join([HEADER] + rows) + "\n").encode())
    assert response.status_code == 302
    assert "Imported. All 2 rows were written." in page
    written = db.session.scalars(select(Completion).where(Completion.person_id == c.person_id)
                                 .order_by(Completion.completed_on)).all()
    assert [(w.completed_on, w.score, w.signed_off_by_id) for w in written] == [
        (DAY - timedelta(days=1), 75, c.signer_id), (DAY, 85, c.signer_id)]
    assert _readiness(db, c).verdict.per_person[c.person_id]["CD-1"].status.holds
