"""What the readiness matrix shows for one unit: columns (required standards with coverage),
rows (people with a cell per standard), the verdict, and its words; built by
app/readiness/services.py `unit_readiness`."""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from app.catalogue.models import RequirementProfile
from app.readiness import reasons, rules

EXPIRING_DAYS = 60
MATRIX_PAGE = 50  # people per page of the matrix (the counts per standard cover everyone)


@dataclass(frozen=True)
class Column:
    code: str
    title_en: str
    title_fr: str
    coverage: rules.Coverage

    def title(self, locale: str = "en") -> str:
        return self.title_fr if locale == "fr" else self.title_en


@dataclass(frozen=True)
class Row:
    person_id: int
    name: str  # personal data: show only to those allowed (person.personal_data)
    rank: str | None
    appointment: str | None
    is_key_appointment: bool
    is_nio: bool
    cells: tuple[rules.Cell, ...]  # in column order
    complete: bool  # holds every standard asked of this person
    language_ok: bool | None  # None when the language rule does not apply to the person
    is_commander: bool = False  # a commander is a key appointment too


@dataclass
class UnitReadiness:
    unit_id: int
    on: date
    mission_language: str
    profile: RequirementProfile | None
    verdict: rules.UnitVerdict | None = None
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    expiring_days: int = EXPIRING_DAYS
    _titles: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def certifiable(self) -> bool:
        return bool(self.verdict and self.verdict.certifiable)

    @property
    def reasons(self) -> tuple[rules.Reason, ...]:
        return self.verdict.reasons if self.verdict else ()

    @property
    def per_person(self):
        """person id -> {standard code: rules.Cell} (empty without a profile)."""
        return self.verdict.per_person if self.verdict else {}

    @property
    def coverage(self):
        """standard code -> rules.Coverage (empty without a profile)."""
        return self.verdict.coverage if self.verdict else {}

    def training_gaps(self) -> rules.TrainingGaps:
        """The standards short and the people lacking them (rules.training_gaps), standards in
        column order (gaps first), people in roster order."""
        if not self.verdict:
            return rules.TrainingGaps((), ())
        found = rules.training_gaps(self.verdict, [c.code for c in self.columns])
        wanted = set(found.people)
        return rules.TrainingGaps(found.standards, tuple(r.person_id for r in self.rows
                                                         if r.person_id in wanted))

    @property
    def attention_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.complete or r.language_ok is False]

    def attention_page(self, page: int, size: int = MATRIX_PAGE) -> tuple[list[Row], int, int]:
        """One page of the people needing attention: (rows, page, pages)."""
        rows = self.attention_rows
        pages = max(1, -(-len(rows) // size))
        page = min(max(page, 1), pages)
        return rows[(page - 1) * size:page * size], page, pages

    @property
    def complete_rows(self) -> list[Row]:
        return [r for r in self.rows if r.complete and r.language_ok is not False]

    def asks(self, row: Row, index: int) -> bool:
        """The standard of column `index` is asked of the person in `row` (else the cell is
        left blank): it applies to everyone or to an appointment the person holds."""
        return rules.asked_of(self.columns[index].coverage, row)

    def reason_texts(self, show_names: bool = False) -> list[str]:
        return reasons.reasons_as_text(self, show_names)

    def cell_title(self, cell: rules.Cell) -> str:
        """The cell's text, translated once per distinct (status, date, reasons) on a page:
        people trained together share them, and a translation lookup per cell was the larger
        part of rendering the matrix."""
        key = (cell.status, cell.expires_on, tuple(cell.not_counted_because))
        if key not in self._titles:
            self._titles[key] = reasons.cell_title(cell)
        return self._titles[key]

    @staticmethod
    def symbol(status: str) -> str:
        return reasons.STATUS_SYMBOLS[status]

    @staticmethod
    def cell_status_label(status: str) -> str:
        return reasons.cell_status_label(status)

    def status_counts(self) -> dict[str, dict[str, int]]:
        """Per standard code: how many people are in each status."""
        by_column = zip(*(row.cells for row in self.rows)) if self.rows else ((),) * len(
            self.columns)
        counts = {}
        for column, cells in zip(self.columns, by_column):
            found = Counter(map(_status, cells))
            counts[column.code] = {s.value: found[s] for s in rules.Status}
        return counts


_status = attrgetter("status")
