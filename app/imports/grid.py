"""The results grid of one course session: its attendees (rows) by its standards (columns), every
result of a page of attendees recorded in one submission through app/imports/batch.py
`record_results` (the results import's rules, all or nothing).

A cell is "passed" unless told otherwise: "failed", "absent" (nothing recorded) or a score. It
starts "absent" instead when the person's units' requirement profiles hold its standard and none
asks it of them (app/readiness/services.py `units_not_asking`: PSEA-CMD for a non-commander), and
says so; a person on no unit whose profile holds the standard starts "passed". A score decides
against the standard's pass mark (at or above: passed; below: failed) unless the cell says
"failed". A pass of a standard with a pass mark needs its score (the one result rule,
app/training/rules.py). One signing trainer for the session, by default its only trainer
qualified for every standard on the date (the session's last day, or today while it runs); a
standard may name another. Cells already recorded in the session are shown, not edited.

Every problem is attached to the control where it is fixed: the date, a standard's signer, a
standard's column (a version not current on the date), or the cell itself; each cell it touches
points at it (aria-describedby), and the page lists them all at the top.
"""
from dataclasses import dataclass, field
from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from app.imports import messages
from app.imports.batch import Entry, Problem
from app.imports.results import Context
from app.readiness.services import units_not_asking
from app.timeutil import today
from app.training import rules
from app.training.models import Completion, CourseSession, SessionAttendee
from app.training.viewhelpers import trainer_label
from app.units.models import Person

PAGE = 50  # attendees per page of the grid, each page submitted on its own
CHOICES = ("pass", "fail", "absent")
DATE_CODES = {"outside_session", "future_date", "bad_date"}
SIGNER_CODES = {"not_trainer", "unqualified", "tot_only", "signer_required"}
COLUMN_CODES = {"not_current"}
SUMMARY_MAX = 100
describe = messages.row_message


@dataclass
class Column:
    standard: object
    override: int | None = None  # a trainer for this standard only (None: the session's)
    problems: list[str] = field(default_factory=list)  # its version on the date
    signer_problems: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.standard.id


@dataclass
class Cell:
    person: Person
    column: Column
    recorded: Completion | None = None
    choice: str = "pass"
    score: str = ""
    problems: list[str] = field(default_factory=list)  # its own
    refs: list[str] = field(default_factory=list)  # ids of the shared problems it is under
    labels: tuple[str, str] = ("", "")  # the result's and the score's, for screen readers
    not_asked: str = ""  # why it starts "absent": the units whose profiles do not ask it

    @property
    def key(self) -> str:
        return f"{self.person.id}-{self.column.id}"

    @property
    def invalid(self) -> bool:
        return bool(self.problems or self.refs)


@dataclass
class Row:
    person: Person
    cells: list[Cell]
    who: str = ""  # name (and service number, for those who may see it)


def default_date(session: CourseSession, on: date) -> date:
    """The session's last day; today while it is still running (a result is never dated
    after the day it is recorded)."""
    return min(session.end_on, on) if session.start_on <= on else session.end_on


class Grid:
    """One page of a session's grid, with its defaults (GET) or what was posted (POST)."""

    def __init__(self, session: CourseSession, page: int = 1, show_numbers: bool = True):
        self.session, self.page = session, page
        self.total = db.session.scalar(select(func.count()).select_from(SessionAttendee).where(
            SessionAttendee.session_id == session.id))
        self.pages = max((self.total + PAGE - 1) // PAGE, 1)
        self.ctx = Context(session, person_ids=[])  # trainers and their qualifications
        self.trainers = [(t.person_id, trainer_label(t)) for t in session.trainers]
        self.columns = [Column(s) for s in sorted(self.ctx.standards,
                                                  key=lambda s: (s.code, s.version))]
        people = list(db.session.scalars(
            select(Person).join(SessionAttendee, SessionAttendee.person_id == Person.id)
            .where(SessionAttendee.session_id == session.id)
            .order_by(Person.family_name, Person.given_name, Person.id)
            .limit(PAGE).offset((page - 1) * PAGE)))
        recorded = {}
        if people:
            for c in db.session.scalars(select(Completion).where(
                    Completion.session_id == session.id,
                    Completion.person_id.in_([p.id for p in people]))
                    .order_by(Completion.completed_on, Completion.id)):
                recorded[(c.person_id, c.standard_id)] = c  # the latest shows
        self.rows = [Row(p, [Cell(p, col, recorded.get((p.id, col.id))) for col in self.columns])
                     for p in people]
        self._label_cells(show_numbers)
        self.preset = self._preset_absent(session.end_on)
        self.on: date | None = default_date(session, today())
        self.on_text = self.on.isoformat()
        self.signer = self._default_signer()
        self.date_problems: list[str] = []
        self.general: list[str] = []

    def _label_cells(self, show_numbers: bool) -> None:
        """Each cell's labels ("Result: Capt Amina Otieno (KA-1), CD-1@2025"), and the choices'
        words, translated once for the page (a grid has thousands of controls)."""
        result, score = _("Result: %(who)s, %(standard)s"), _("Score: %(who)s, %(standard)s")
        recorded = _("recorded: %(who)s, %(standard)s")
        self.choices = [("pass", _("Pass")), ("fail", _("Fail")), ("absent", _("Absent"))]
        self.score_word = _("score")
        for row in self.rows:
            p = row.person
            row.who = p.distinct_name(show_numbers)
            for cell in row.cells:
                names = {"who": row.who, "standard": cell.column.standard.ref}
                cell.labels = (recorded % names, "") if cell.recorded else \
                    (result % names, score % names)

    # -- defaults ------------------------------------------------------------------------------

    def _preset_absent(self, on: date) -> list[tuple[Column, int, tuple[str, ...]]]:
        """Open cells whose standard the person's units do not ask of them (on the session's
        last day) start "absent", each saying why; per column: how many, and which units."""
        ids = [row.person.id for row in self.rows]
        codes = {col.standard.code for col in self.columns}
        units = units_not_asking(ids, codes, on)
        one = _("Not asked of this person by %(unit)s's profile.")
        many = _("Not asked of this person by the profiles of %(units)s.")
        found: dict[int, tuple[int, set[str]]] = {}
        for row in self.rows:
            for cell in row.cells:
                names = units.get((row.person.id, cell.column.standard.code))
                if not names or cell.recorded is not None:
                    continue
                cell.choice = "absent"
                cell.not_asked = one % {"unit": names[0]} if len(names) == 1 else \
                    many % {"units": ", ".join(names)}
                n, seen = found.get(cell.column.id, (0, set()))
                found[cell.column.id] = (n + 1, seen | set(names))
        return [(col, found[col.id][0], tuple(sorted(found[col.id][1])))
                for col in self.columns if col.id in found]

    @property
    def preset_count(self) -> int:
        return sum(n for _col, n, _units in self.preset)

    def qualified(self, trainer_id: int, standard, on: date) -> bool:
        """The trainer may sign this standard off on `on` (the one sign-off rule)."""
        return rules.sign_off_problem(None, trainer_id, self.ctx.trainer_ids, standard.sign_off,
                                      bool(self.session.is_tot), on,
                                      self.ctx.qualifications.get(trainer_id, ())) is None

    def _default_signer(self) -> int | None:
        """The only trainer qualified for every standard on the date (else the only trainer);
        a standard the default cannot sign gets its only qualified trainer."""
        ids = [t for t, _label in self.trainers]
        everything = [t for t in ids if all(self.qualified(t, c.standard, self.on)
                                            for c in self.columns)]
        signer = everything[0] if len(everything) == 1 else ids[0] if len(ids) == 1 else None
        for col in self.columns:
            if signer is None or not self.qualified(signer, col.standard, self.on):
                able = [t for t in ids if self.qualified(t, col.standard, self.on)]
                col.override = able[0] if len(able) == 1 and able[0] != signer else None
        return signer

    @property
    def open_rows(self) -> int:
        """Attendees on this page with a result still to record (the others are all shown as
        recorded)."""
        return sum(1 for row in self.rows if any(cell.recorded is None for cell in row.cells))

    # -- what was posted -----------------------------------------------------------------------

    def _trainer(self, raw: str | None, col: Column | None) -> int | None:
        raw = (raw or "").strip()
        if not raw:
            return None
        ids = {t for t, _label in self.trainers}
        if raw.isdigit() and int(raw) in ids:
            return int(raw)
        for c in ([col] if col else self.columns):
            c.signer_problems.append(describe("not_trainer", {"value": raw[:20]}))
        return None

    def read(self, form) -> None:
        """Take the posted date, signers and cells (unknown values count as problems)."""
        self.on_text = (form.get("completed_on") or "").strip()[:20]
        try:
            self.on = date.fromisoformat(self.on_text)
        except ValueError:
            self.on = None
            self.date_problems.append(describe("bad_date", {"value": self.on_text}))
        self.signer = self._trainer(form.get("signed_off_by"), None)
        for col in self.columns:
            col.override = self._trainer(form.get(f"signer-{col.id}"), col)
        for row in self.rows:
            for cell in row.cells:
                if cell.recorded is None:
                    choice = form.get(f"r-{cell.key}", "pass")
                    cell.choice = choice if choice in CHOICES else "pass"
                    cell.score = (form.get(f"s-{cell.key}") or "").strip()[:10]

    def entries(self) -> list[tuple[Cell, Entry]]:
        """The results the cells ask for (absent and recorded cells ask for none); a cell whose
        own input cannot be read gets its problem and asks for nothing."""
        found = []
        unsigned = set()
        for row in self.rows:
            for cell in row.cells:
                if cell.recorded is not None:
                    continue
                if cell.choice == "absent":
                    if cell.score:
                        cell.problems.append(describe("absent_with_score", {}))
                    continue
                score = None
                if cell.score:
                    if not cell.score.isdigit() or not rules.score_in_range(int(cell.score)):
                        cell.problems.append(describe("bad_score", {"value": cell.score}))
                        continue
                    score = int(cell.score)
                col = cell.column
                signer = col.override or self.signer
                if signer is None:
                    if col.id not in unsigned and not col.signer_problems:
                        col.signer_problems.append(describe("signer_required", {}))
                    unsigned.add(col.id)
                    cell.refs.append(f"signer-{col.id}-error")
                    continue
                passed = cell.choice == "pass" and \
                    rules.reaches_pass_mark(score, col.standard.pass_mark)
                if self.on is not None:
                    found.append((cell, Entry(row.person.id, col.id, self.on, passed, score,
                                              signer)))
        return found

    # -- problems ------------------------------------------------------------------------------

    def refuse(self, cells: list[Cell], problems: list[Problem]) -> None:
        """Attach each problem of the batch to where it is fixed (see the module docstring)."""
        for p in problems:
            cell, text = cells[p.index], p.message
            col = cell.column
            if p.code in DATE_CODES:
                if text not in self.date_problems:
                    self.date_problems.append(text)
                cell.refs.append("completed_on-error")
            elif p.code in SIGNER_CODES:
                if text not in col.signer_problems:
                    col.signer_problems.append(text)
                cell.refs.append(f"signer-{col.id}-error")
            elif p.code in COLUMN_CODES:
                if text not in col.problems:
                    col.problems.append(text)
                cell.refs.append(f"col-{col.id}-error")
            else:
                cell.problems.append(text)

    @property
    def has_problems(self) -> bool:
        return bool(self.general or self.date_problems or any(
            c.problems or c.signer_problems for c in self.columns) or any(
            cell.problems for row in self.rows for cell in row.cells))

    @property
    def signer_details_open(self) -> bool:
        return any(c.signer_problems or c.override for c in self.columns)

    def summary(self) -> tuple[list[tuple[str, str]], int]:
        """(anchor id, text) of every problem, where it is fixed, at most SUMMARY_MAX; and how
        many more."""
        items = [(None, text) for text in self.general]
        items += [("completed_on", text) for text in self.date_problems]
        for col in self.columns:
            items += [(f"signer-{col.id}", f"{col.standard.ref}: {text}")
                      for text in col.signer_problems]
            items += [(f"col-{col.id}", f"{col.standard.ref}: {text}") for text in col.problems]
        for row in self.rows:
            for cell in row.cells:
                anchor = f"r-{cell.key}" if cell.choice == "absent" else f"s-{cell.key}"
                items += [(anchor, f"{row.person.display_name}, {cell.column.standard.ref}: "
                           f"{text}") for text in cell.problems]
        return items[:SUMMARY_MAX], max(len(items) - SUMMARY_MAX, 0)

    def column_title(self, col: Column) -> str:
        return col.standard.title(str(get_locale()))
