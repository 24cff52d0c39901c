"""Imports: confirmed files (ImportBatch), and uploaded files waiting for confirmation
(ImportStage: parsed rows and the problems found, never the file).

Only the user who uploaded a file can see or confirm it. A stage is kept until it is confirmed
or discarded; stages older than a day are removed at the next upload (anyone's)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.tenancy import by_state
from app.timeutil import utcnow


class ImportBatch(db.Model):
    """One confirmed bulk import; the file hash makes a second import of the same file a no-op."""

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("state_id", "kind", "sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # roster | results
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportStage(db.Model):
    __tablename__ = "import_stages"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"))
    kind: Mapped[str] = mapped_column(String(20))  # roster | results
    target_id: Mapped[int]  # the unit (roster) or course session (results)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[list] = mapped_column(JSON, default=list)  # [[line, {column: text}], ...]
    problems: Mapped[list] = mapped_column(JSON, default=list)  # [[line, column, code, params]]
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    total: Mapped[int] = mapped_column(default=0)
    checked: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default="uploaded")
    # uploaded -> checked -> committed | discarded; `already` when the same file was imported
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


by_state(ImportBatch)  # tenancy: a state's confirmed files are its own
