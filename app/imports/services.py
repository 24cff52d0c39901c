"""Bulk import, in three steps: upload (the file is read and its shape checked, or refused
whole), check (rows checked against the records, a chunk at a time so progress can be shown),
confirm (everything checked again, then written in one transaction: all rows or none).

* The same file twice: an `ImportBatch` keeps each confirmed file's SHA-256 per Member State and
  kind, so a second upload of it is "already imported"; and rows are matched on natural keys, so
  an edited file only adds or changes what differs.
* Another state's people: a file naming any person of a Member State the target does not train
  is refused whole, before any row is looked at.
* One audit event per confirmed file (ids, counts and the file hash; never names).
"""
import hashlib
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.audit import services as audit
from app.catalogue.models import MemberState
from app.extensions import db
from app.imports import formats, reader, results, roster
from app.imports.models import ImportBatch, ImportStage
from app.imports.reader import FileRefused
from app.tenancy import UNRESTRICTED
from app.timeutil import utcnow

CHUNK = 1000
IMPORTERS = {"roster": roster, "results": results}


class ImportRefused(Exception):
    """Confirmation refused: rows have problems (they are stored on the stage)."""


def allowed_states(kind: str, target) -> set[int] | None:
    """Member States whose people the file may name (None: any, for a ToT session)."""
    if kind == "roster":
        return {target.state_id}
    from app.training.services import attendee_states

    return attendee_states(target)


def _iso3s(state_ids: set[int] | None) -> set[str] | None:
    if state_ids is None:
        return None
    return set(db.session.scalars(select(MemberState.iso3).where(MemberState.id.in_(state_ids))))


def already_imported(state_id: int, kind: str, sha256: str) -> ImportBatch | None:
    """A confirmed batch with this file hash (read across scopes: a hash is not tenant data)."""
    return db.session.execute(
        select(ImportBatch).where(ImportBatch.state_id == state_id, ImportBatch.kind == kind,
                                  ImportBatch.sha256 == sha256)
        .execution_options(scope=UNRESTRICTED)).scalar()


def parse(kind: str, raw_rows):
    """Typed rows and the shape problems found in them (no database)."""
    typed_rows, problems = [], []
    for line, values in raw_rows:
        typed, found = formats.parse_row(kind, line, values)
        if found:
            problems.extend(found)
        else:
            typed_rows.append((line, typed))
    problems.extend(formats.file_duplicates(kind, typed_rows))
    return typed_rows, problems


def stage_upload(kind: str, target, filename: str, data: bytes, actor) -> ImportStage:
    """Read an uploaded file into a stage for preview. Raises FileRefused for a whole-file
    refusal (encoding, header, size, another state's people...)."""
    _housekeep(actor)
    sha256 = hashlib.sha256(data).hexdigest()
    stage = ImportStage(user_id=actor.id, state_id=target.state_id, kind=kind,
                        target_id=target.id, filename=reader.clean_filename(filename),
                        sha256=sha256, rows=[], problems=[], summary={})
    batch = already_imported(target.state_id, kind, sha256)
    if batch is not None:
        stage.status, stage.batch_id = "already", batch.id
        db.session.add(stage)
        db.session.flush()
        return stage
    raw = reader.read_upload(filename, data, formats.known_columns(kind),
                             formats.header_columns(kind))
    typed_rows, problems = parse(kind, raw.rows)
    allowed = _iso3s(allowed_states(kind, target))
    if allowed is not None:
        foreign = [(line, t["member_state"]) for line, t in typed_rows
                   if t["member_state"] not in allowed]
        if foreign:
            raise FileRefused("foreign_state", states=", ".join(sorted({s for _l, s in foreign})),
                              lines=", ".join(str(line) for line, _s in foreign[:10])
                              + (" …" if len(foreign) > 10 else ""),
                              own=", ".join(sorted(allowed)))
    stage.rows = [[line, values] for line, values in raw.rows]
    stage.problems = [list(p) for p in raw.problems + problems]
    stage.total = len(raw.rows)
    db.session.add(stage)
    db.session.flush()
    return stage


def _housekeep(actor) -> None:
    """Uploads left unconfirmed for a day are deleted (whoever sent them): staged rows hold
    personal data that was never imported."""
    db.session.execute(delete(ImportStage).where(
        ImportStage.created_at < utcnow() - timedelta(days=1)))


def _typed(stage: ImportStage, start: int = 0, stop: int | None = None):
    typed_rows, _problems = parse(stage.kind, stage.rows[start:stop])
    bad_lines = {p[0] for p in stage.problems}
    return [(line, t) for line, t in typed_rows if line not in bad_lines]


def check_next(stage: ImportStage, target, chunk: int = CHUNK) -> ImportStage:
    """Check the next `chunk` rows against the records; the stage records progress, problems
    and what a commit would do."""
    if stage.status != "uploaded":
        return stage
    start, stop = stage.checked, min(stage.checked + chunk, stage.total)
    problems, plan = IMPORTERS[stage.kind].check(target, _typed(stage, start, stop))
    stage.problems = stage.problems + [list(p) for p in problems]
    summary = dict(stage.summary or {})
    for key, value in plan.items():
        summary[key] = summary.get(key, 0) + value
    stage.summary, stage.checked = summary, stop
    if stage.checked >= stage.total:
        stage.status = "checked"
    db.session.flush()
    return stage


def check_all(stage: ImportStage, target) -> ImportStage:
    while stage.status == "uploaded":
        check_next(stage, target, chunk=stage.total or 1)
    return stage


def commit(stage: ImportStage, target, actor) -> ImportBatch:
    """Check every row again and write them all in the caller's transaction, or refuse
    (ImportRefused) and write nothing."""
    if stage.status not in ("checked", "uploaded") or not stage.rows:
        raise ImportRefused(stage.status)
    importer = IMPORTERS[stage.kind]
    typed_rows, shape = parse(stage.kind, stage.rows)
    problems, plan = importer.check(target, typed_rows) if not shape else ([], {})
    if shape or problems:
        stage.problems = [list(p) for p in shape + problems]
        stage.status, stage.checked = "checked", stage.total
        db.session.flush()
        raise ImportRefused("problems")
    batch = ImportBatch(state_id=target.state_id, kind=stage.kind, filename=stage.filename,
                        sha256=stage.sha256, row_count=len(typed_rows),
                        created_by_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(batch)
    except IntegrityError:
        stage.status = "already"
        db.session.flush()
        raise ImportRefused("already") from None
    counts = importer.write(target, typed_rows, actor, batch)
    audit.append("import.commit", actor=actor, state_id=target.state_id, obj=batch,
                 details={"kind": stage.kind, "target_id": target.id, "rows": len(typed_rows),
                          "sha256": stage.sha256, **counts})
    stage.status, stage.batch_id, stage.summary = "committed", batch.id, counts
    stage.rows = []  # the records now hold the data; the stage keeps only counts
    db.session.flush()
    return batch


def discard(stage: ImportStage) -> None:
    stage.status, stage.rows, stage.problems = "discarded", [], []
    db.session.flush()


def sorted_problems(stage: ImportStage) -> list:
    return sorted(stage.problems or [], key=lambda p: (p[0], p[1] or ""))
