"""Results import: completions for one course session. A completion is (person, standard
version, date); the same row imported again is recognised and left alone.

Every refusal of app/training/services.py `check_result` applies, with the session read once for
the whole file: the standard is taught in the session, the date is within it, then the result
rules of app/training/rules.py. People of the session's trainee states who are not yet attendees
are enrolled by the import."""
from sqlalchemy import insert, select

from app.catalogue.models import MemberState
from app.extensions import db
from app.timeutil import today
from app.training import rules
from app.training.models import (Completion, CourseSession, SessionAttendee, SessionTrainer,
                                 TrainerQualification)
from app.training.qualifications import FACTS
from app.units.models import Person


class Context:
    """What one check or write needs about the session, loaded once. The session's trainers and
    their qualifications are read whatever the importer's state (a partnership session's trainer
    belongs to another Member State): only the verdict leaves this module."""

    def __init__(self, session: CourseSession, rows=(), person_ids=None):
        """`rows`: typed import rows, whose people are looked up by (Member State, service
        number); or `person_ids`, people named by id (the results grid, the API)."""
        self.session = session
        self.standards = [link.standard for link in session.standards]
        self.trainers = dict(db.session.execute(
            select(Person.service_number, Person.id).join(
                SessionTrainer, SessionTrainer.person_id == Person.id)
            .where(SessionTrainer.session_id == session.id), execution_options=FACTS).all())
        self.trainer_ids = frozenset(self.trainers.values())
        self.qualifications: dict[int, list] = {}
        if self.trainer_ids:
            for q in db.session.scalars(select(TrainerQualification).where(
                    TrainerQualification.person_id.in_(sorted(self.trainer_ids))),
                    execution_options=FACTS):
                self.qualifications.setdefault(q.person_id, []).append(q)
        self.people: dict[tuple, Person] = {}
        if person_ids is not None:
            self.by_id = {p.id: p for p in db.session.scalars(select(Person).where(
                Person.id.in_(sorted(set(person_ids)))))} if person_ids else {}
            ids = list(self.by_id)
        else:
            self._people_by_number(rows)
            ids = [p.id for p in self.people.values()]
        self.attendees = set(db.session.scalars(select(SessionAttendee.person_id).where(
            SessionAttendee.session_id == session.id)))
        std_ids = [s.id for s in self.standards]
        self.existing = {(c.person_id, c.standard_id, c.completed_on): c
                         for c in db.session.scalars(select(Completion).where(
                             Completion.person_id.in_(ids), Completion.standard_id.in_(std_ids)))
                         } if ids and std_ids else {}

    def _people_by_number(self, rows):
        iso3s = sorted({typed["member_state"] for _l, typed in rows})
        states = dict(db.session.execute(select(MemberState.iso3, MemberState.id).where(
            MemberState.iso3.in_(iso3s))).all()) if iso3s else {}
        for iso3, state_id in states.items():
            numbers = sorted({t["service_number"] for _l, t in rows if t["member_state"] == iso3})
            for person in db.session.scalars(select(Person).where(
                    Person.state_id == state_id, Person.service_number.in_(numbers))):
                self.people[(iso3, person.service_number)] = person

    def standard_for(self, code: str, version: str | None, on):
        matches = [s for s in self.standards if s.code == code]
        if not matches:
            return None, "not_in_session"
        if version:
            matches = [s for s in matches if s.version == version]
            return (matches[0], None) if matches else (None, "unknown_version")
        current = [s for s in matches if on and s.is_current(on)]
        return (current or matches)[0], None

    def signer_for(self, number: str | None) -> tuple[int | None, str | None]:
        """(person id of the signing trainer, or None and why)."""
        if number:
            return self.trainers.get(number), "not_trainer"
        if len(self.trainers) == 1:
            return next(iter(self.trainers.values())), None
        return None, "signer_required"


RULE_COLUMNS = {"not_current": "completed_on", "bad_score": "score",
                "below_pass_mark": "score", "tot_only": "standard"}


def _params(code: str, typed: dict, standard) -> dict:
    """What the row problem's message needs."""
    return {"not_current": {"value": standard.ref},
            "bad_score": {"value": typed.get("score")},
            "below_pass_mark": {"score": typed.get("score"), "mark": standard.pass_mark},
            "not_trainer": {"value": typed.get("signed_off_by") or ""},
            "unqualified": {"qualification": standard.sign_off}}.get(code, {})


def judge(ctx: Context, person: Person, standard, on, passed: bool, score, signer):
    """The first refusal of one result in the session (column, code, params), or None: the
    date is within the session and not in the future, the rules of app/training/rules.py, and
    no different result is already recorded for the person, standard version and day. The
    import and the batch of app/imports/batch.py both judge every result here."""
    s = ctx.session
    if not s.start_on <= on <= s.end_on:
        return ("completed_on", "outside_session", {"start": s.start_on.isoformat(),
                                                    "end": s.end_on.isoformat()})
    if rules.date_problem(on, today()):
        return ("completed_on", "future_date", {"value": on.isoformat()})
    result = rules.Result(person.id, on, passed, score, signer, standard.effective_on,
                          standard.retired_on, standard.pass_mark, standard.sign_off,
                          ctx.trainer_ids, bool(s.is_tot))
    code = rules.refusal(result, ctx.qualifications.get(signer, ()))
    if code is not None:
        return (RULE_COLUMNS.get(code, "signed_off_by"), code,
                _params(code, {"score": score}, standard))
    existing = ctx.existing.get((person.id, standard.id, on))
    if existing is not None and (existing.session_id, existing.passed, existing.score,
                                 existing.signed_off_by_id) != (s.id, passed, score, signer):
        return ("completed_on", "different_result", {})
    return None


def _row_problem(ctx: Context, typed: dict):
    """-> (column, code, params) of the first refusal, or (person, standard, signer id)."""
    person = ctx.people.get((typed["member_state"], typed["service_number"]))
    if person is None:
        return ("service_number", "unknown_person", {"state": typed["member_state"]})
    on = typed["completed_on"]
    standard, code = ctx.standard_for(typed["standard"], typed.get("version"), on)
    if standard is None:
        column = "version" if code == "unknown_version" else "standard"
        return (column, code, {"value": typed.get("version") or typed["standard"]})
    score, passed = typed.get("score"), typed["result"]
    signer, unresolved = ctx.signer_for(typed.get("signed_off_by"))
    found = judge(ctx, person, standard, on, passed, score, signer)
    if found is not None:
        column, code, params = found
        if code == "not_trainer" and signer is None:
            return ("signed_off_by", unresolved, {"value": typed.get("signed_off_by") or ""})
        if code == "not_trainer":
            params = {"value": typed.get("signed_off_by") or ""}
        return column, code, params
    return person, standard, signer


def check(session: CourseSession, rows):
    ctx = Context(session, rows)
    problems, plan = [], dict(results_new=0, results_same=0, attendees_new=0)
    enrolled = set()
    for line, typed in rows:
        found = _row_problem(ctx, typed)
        if isinstance(found[1], str):
            problems.append((line, *found))
            continue
        person, standard, _signer = found
        if (person.id, standard.id, typed["completed_on"]) in ctx.existing:
            plan["results_same"] += 1
        else:
            plan["results_new"] += 1
        if person.id not in ctx.attendees and person.id not in enrolled:
            enrolled.add(person.id)
            plan["attendees_new"] += 1
    return problems, plan


def write(session: CourseSession, rows, actor=None, batch=None) -> dict:
    ctx = Context(session, rows)
    new, enrol, written = [], [], set()
    for _line, typed in rows:
        person, standard, signer = _row_problem(ctx, typed)
        key = (person.id, standard.id, typed["completed_on"])
        if person.id not in ctx.attendees:
            ctx.attendees.add(person.id)
            enrol.append(dict(session_id=session.id, person_id=person.id))
        if key in ctx.existing or key in written:
            continue
        written.add(key)
        new.append(dict(state_id=person.state_id, person_id=person.id, standard_id=standard.id,
                        session_id=session.id, completed_on=typed["completed_on"],
                        passed=typed["result"], score=typed.get("score"),
                        signed_off_by_id=signer, recorded_by_id=getattr(actor, "id", None),
                        import_batch_id=getattr(batch, "id", None)))
    if enrol:
        db.session.execute(insert(SessionAttendee), enrol)
    if new:
        db.session.execute(insert(Completion), new)
    db.session.flush()
    return dict(results_new=len(new), attendees_new=len(enrol))
