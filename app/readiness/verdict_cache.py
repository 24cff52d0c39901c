"""Each unit's verdict kept until something it rests on changes.

The homes of registrars and certifying officers, and the certification queue, judge many units on
each visit (`services.unit_verdicts`); at design scale that is some 100,000 rows a visit. Here
each web process keeps what those pages show of a verdict (`Summary`), filed under the unit's
`verdict_stamp`, the date, the requirement profile and the expiring window.

A stamp goes up in the same transaction as any change the kept part reads (`WATCHED`): the unit
itself and its roster (by unit), its members' completions and language records (by person, then
every unit that person is on), the sessions those completions come from; a change to the
catalogue or to trainer qualifications raises every unit's stamp. Both the ORM's unit of work
(`after_flush`) and ORM bulk statements (`do_orm_execute`) are watched; changes made outside the
ORM (raw SQL, psql) show after at most MAX_AGE_SECONDS. The screening of the unit's rotation is
not kept: it is read on every visit (one query for all the units) and added to the kept part by
the same rule as `rules.assess_unit` (`rules.screening_reason`, always the last reason).

Stamps are read in a statement of their own before the data, so a verdict is never filed under a
stamp newer than what it was judged from. A transaction that raised a stamp files nothing: what
it saw may still be rolled back.
"""
from dataclasses import dataclass
from datetime import date
from threading import Lock

from cachetools import TTLCache
from flask import current_app
from sqlalchemy import event, inspect, or_, select, update
from sqlalchemy.orm import Session

from app.catalogue.models import (ProfileRequirement, RequirementProfile, RequirementSet,
                                  Standard)
from app.extensions import db
from app.readiness import services
from app.readiness.rules import Status, screening_reason
from app.training.models import Completion, CourseSession, SessionTrainer, TrainerQualification
from app.units.models import LanguageProficiency, Membership, Person, Unit

MAX_AGE_SECONDS = 600
ENTRIES = 4096
MANY = 5000  # rows named by one change above which every unit's stamp goes up

# model -> the attribute naming what a change to one of its rows touches
BY_UNIT = {Unit: "id", Membership: "unit_id"}
BY_PERSON = {Person: "id", Completion: "person_id", LanguageProficiency: "person_id"}
BY_SESSION = {CourseSession: "id", SessionTrainer: "session_id"}
EVERY_UNIT = (Standard, RequirementSet, RequirementProfile, ProfileRequirement,
              TrainerQualification)
WATCHED = (*BY_UNIT, *BY_PERSON, *BY_SESSION, *EVERY_UNIT)  # tests/.../test_verdict_cache.py


@dataclass(frozen=True)
class Summary:
    """What a list of units shows of one unit's verdict."""
    certifiable: bool
    reasons: tuple  # app.readiness.rules.Reason
    expiring: int  # a person's standard that lapses within the window, counted once each


def summaries(units: list[Unit], on: date, expiring_days: int = services.EXPIRING_DAYS,
              levels: dict[int, str] | None = None
              ) -> dict[int, tuple[RequirementProfile | None, Summary | None]]:
    """unit id -> (profile, summary) of `services.unit_verdicts`, judging only the units whose
    verdict this process does not hold for their current stamp."""
    if not units:
        return {}
    stamps = dict(db.session.execute(
        select(Unit.id, Unit.verdict_stamp).where(Unit.id.in_([u.id for u in units]))).all())
    profiles = services.profiles_of(units, levels)
    judged = [u for u in units if profiles[u.id] is not None]
    screened = services.cleared_units(judged, on)
    held, kept, missing = _held(), {}, []
    for unit in judged:
        kept[unit.id] = held.get(_key(unit, stamps, profiles[unit.id], on, expiring_days))
        if kept[unit.id] is None:
            missing.append(unit)
    if missing:
        verdicts = services.unit_verdicts(missing, on, expiring_days,
                                          screened={u.id for u in missing},
                                          profiles={u.id: profiles[u.id] for u in missing})
        keep = not db.session.info.get("verdict_raised")
        for unit in missing:
            profile, verdict = verdicts[unit.id]
            kept[unit.id] = Summary(
                verdict.certifiable, verdict.reasons,
                sum(cell.status is Status.EXPIRING for cells in verdict.per_person.values()
                    for cell in cells.values()))
            if keep:
                held.put(_key(unit, stamps, profile, on, expiring_days), kept[unit.id])
    found = {}
    for unit in units:
        profile = profiles[unit.id]
        found[unit.id] = (profile, None if profile is None else _screened(
            kept[unit.id], profile.screening_required, unit.id in screened))
    return found


def _key(unit, stamps, profile, on, expiring_days) -> tuple:
    return unit.id, stamps.get(unit.id), profile.id, on, expiring_days


def _screened(kept: Summary, required: bool, cleared: bool) -> Summary:
    """The kept verdict (judged as if screened) with the screening read now."""
    short = screening_reason(required, cleared)
    return kept if short is None else Summary(False, (*kept.reasons, short), kept.expiring)


class _Held:
    """This process's verdicts for one app (tests build many apps on one process)."""

    def __init__(self, entries: int, seconds: int):
        self._cache = TTLCache(maxsize=max(entries, 1), ttl=seconds) if entries > 0 else None
        self._lock = Lock()

    def get(self, key):
        if self._cache is None:
            return None
        with self._lock:
            return self._cache.get(key)

    def put(self, key, summary: Summary) -> None:
        if self._cache is not None:
            with self._lock:
                self._cache[key] = summary


def _held() -> _Held:
    held = current_app.extensions.get("verdict_cache")
    if held is None:
        held = current_app.extensions["verdict_cache"] = _Held(
            int(current_app.config.get("VERDICT_CACHE_ENTRIES", ENTRIES)), MAX_AGE_SECONDS)
    return held


# -- stamps, on the ORM session ----------------------------------------------------------------

class _Touched:
    def __init__(self):
        self.units, self.people, self.sessions, self.everything = set(), set(), set(), False

    def note(self, model, values) -> None:
        """`values`: a row's values of the attribute that names what it touches."""
        if model in EVERY_UNIT:
            self.everything = True
        for group, target in ((BY_UNIT, self.units), (BY_PERSON, self.people),
                              (BY_SESSION, self.sessions)):
            if model in group:
                target.update(v for v in values if v is not None)

    def __bool__(self):
        return bool(self.everything or self.units or self.people or self.sessions)

    def named(self) -> bool:
        """Few enough rows named to list them in one statement (else every unit: a bulk load)."""
        return not self.everything and \
            len(self.units) + len(self.people) + len(self.sessions) <= MANY

    def raise_stamps(self, connection) -> None:
        """Raise the stamps of the units touched (Core, so no tenant scope applies)."""
        statement = update(Unit.__table__).values(
            verdict_stamp=Unit.__table__.c.verdict_stamp + 1)
        if self.named():
            members = Membership.__table__.c
            completions = Completion.__table__.c
            statement = statement.where(or_(
                Unit.__table__.c.id.in_(sorted(self.units)),
                Unit.__table__.c.id.in_(select(members.unit_id).where(
                    members.person_id.in_(sorted(self.people)))),
                Unit.__table__.c.id.in_(select(members.unit_id).where(
                    members.person_id.in_(select(completions.person_id).where(
                        completions.session_id.in_(sorted(self.sessions))))))))
        connection.execute(statement)


def _attribute(model) -> str | None:
    for group in (BY_UNIT, BY_PERSON, BY_SESSION):
        if model in group:
            return group[model]
    return None


# rows that name themselves: a new one is on no roster and holds no result yet
SELF_NAMED = (Unit, Person, CourseSession)


def _values(obj, name: str) -> list:
    """The attribute's value now and, when the flush changed it, before."""
    history = inspect(obj).attrs[name].history
    return [*history.added, *history.unchanged, *history.deleted] or [getattr(obj, name, None)]


def _after_flush(session, _context):
    touched = _Touched()
    for obj in (*session.new, *session.dirty, *session.deleted):
        model = type(obj)
        if model not in WATCHED or (model in SELF_NAMED and obj in session.new):
            continue
        name = _attribute(model)
        touched.note(model, _values(obj, name) if name else ())
    _raise(session, touched)


def _bulk(state):
    """An ORM INSERT, UPDATE or DELETE statement on a watched model, before it runs."""
    mapper = state.bind_mapper
    if not (state.is_insert or state.is_update or state.is_delete) or mapper is None \
            or mapper.class_ not in WATCHED:
        return
    model, touched = mapper.class_, _Touched()
    if state.is_insert and model in SELF_NAMED:
        return
    name = _attribute(model)
    rows = state.parameters if isinstance(state.parameters, list) else [state.parameters or {}]
    if name and rows and state.is_insert and all(name in row for row in rows):
        touched.note(model, [row[name] for row in rows])
    elif name and rows and not state.is_insert and all("id" in row for row in rows) \
            and state.statement.whereclause is None and len(rows) <= MANY:
        table = model.__table__
        ids = sorted({row["id"] for row in rows})
        before = state.session.connection().scalars(
            select(table.c[name]).where(table.c.id.in_(ids))) if name != "id" else ids
        touched.note(model, [*before, *(row[name] for row in rows if name in row)])
    else:
        touched.everything = True  # rows we cannot name (criteria, catalogue): every unit
    _raise(state.session, touched)


def _raise(session, touched: _Touched) -> None:
    if touched:
        touched.raise_stamps(session.connection())
        session.info["verdict_raised"] = True


def _forget(session):
    session.info.pop("verdict_raised", None)


HOOKS = (("after_flush", _after_flush), ("do_orm_execute", _bulk),
         ("after_commit", _forget), ("after_rollback", _forget))


def init_app(_app) -> None:
    """Raise stamps with every change (registered once per process)."""
    for name, hook in HOOKS:
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)
