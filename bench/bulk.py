"""Bulk writes for the data generator: COPY on PostgreSQL, executemany on SQLite.

Rows are plain tuples in the order of the named columns. Columns of the table that the caller
does not name get the model's scalar or callable default (evaluated once), so a column added to a
model later with a default does not break the generator. Secondary indexes of a large table can
be dropped while it fills and rebuilt afterwards (`without_indexes`), which is several times
faster than maintaining them row by row (on PostgreSQL foreign keys and unique constraints too).
"""
import contextlib
import sqlite3
import time
from datetime import date, datetime, timezone

import sqlalchemy as sa

sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(datetime, lambda v: v.strftime("%Y-%m-%d %H:%M:%S.%f"))


def _plain(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def defaults_for(table: sa.Table, named: tuple[str, ...]) -> dict:
    """{column: value} for the table's other columns that have a Python-side default."""
    found = {}
    for column in table.columns:
        default = column.default
        if column.name in named or default is None:
            continue
        if default.is_scalar:
            found[column.name] = _plain(default.arg)
        elif default.is_callable:
            found[column.name] = _plain(default.arg(None))
    return found


class BulkWriter:
    """Writes rows through one SQLAlchemy connection; commit per table is the caller's choice."""

    def __init__(self, connection: sa.Connection, report=print):
        self.connection = connection
        self.dialect = connection.dialect.name
        self.report = report
        self.totals: dict[str, tuple[int, float]] = {}

    @property
    def raw(self):
        return self.connection.connection.driver_connection

    def write(self, table: sa.Table, columns: tuple[str, ...], rows) -> int:
        """Insert every row of the iterable; returns the count and prints rows per second."""
        extra = defaults_for(table, columns)
        names = list(columns) + list(extra)
        tail = tuple(extra.values())
        started = time.perf_counter()
        if self.dialect == "postgresql":
            count = self._copy(table.name, names, rows, tail)
        else:
            count = self._executemany(table.name, names, rows, tail)
        elapsed = time.perf_counter() - started
        self.totals[table.name] = (count, elapsed)
        rate = count / elapsed if elapsed else 0.0
        self.report(f"  {table.name:<26} {count:>11,} rows {elapsed:7.1f} s {rate:>11,.0f} rows/s")
        return count

    def _copy(self, name, names, rows, tail) -> int:
        """Binary COPY, with each column's type read from the database (about 1M rows/s)."""
        count = 0
        cols = ", ".join(f'"{n}"' for n in names)
        types = dict(self.connection.exec_driver_sql(
            "SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a "
            "WHERE a.attrelid = %(table)s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
            {"table": f'"{name}"'}).all())
        with self.raw.cursor() as cursor, \
                cursor.copy(f'COPY "{name}" ({cols}) FROM STDIN (FORMAT BINARY)') as copy:
            copy.set_types([types[n] for n in names])
            for row in rows:
                copy.write_row(row + tail if tail else row)
                count += 1
        return count

    def _executemany(self, name, names, rows, tail) -> int:
        counter = [0]

        def counted():
            for row in rows:
                counter[0] += 1
                yield row + tail if tail else row

        cols = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" * len(names))
        self.raw.executemany(f'INSERT INTO "{name}" ({cols}) VALUES ({marks})', counted())
        return counter[0]

    @contextlib.contextmanager
    def without_indexes(self, *tables: sa.Table):
        """Fill without secondary indexes, and on PostgreSQL also without foreign keys and
        unique constraints; then build them again, which checks every row in one pass."""
        indexes = [index for table in tables for index in table.indexes if not index.unique]
        constraints = []
        if self.dialect == "postgresql":
            constraints = [c for table in tables for c in table.constraints
                           if isinstance(c, (sa.ForeignKeyConstraint, sa.UniqueConstraint))
                           and c.name]
        for constraint in constraints:
            self.connection.execute(sa.schema.DropConstraint(constraint))
        for index in indexes:
            index.drop(self.connection, checkfirst=True)
        yield
        started = time.perf_counter()
        for index in indexes:
            index.create(self.connection, checkfirst=True)
        for constraint in sorted(constraints, key=lambda c: isinstance(c, sa.ForeignKeyConstraint)):
            self.connection.execute(sa.schema.AddConstraint(constraint))
        if indexes or constraints:
            self.report(f"  {'(indexes, keys rebuilt)':<26} {len(indexes) + len(constraints):>11} "
                        f"     {time.perf_counter() - started:7.1f} s")

    def fast_mode(self):
        """Settings for a one-off fill: safe to lose on a crash (the fill is simply rerun)."""
        if self.dialect == "postgresql":
            self.connection.exec_driver_sql("SET synchronous_commit = off")
            self.connection.exec_driver_sql("SET maintenance_work_mem = '256MB'")
        else:
            self.connection.exec_driver_sql("PRAGMA synchronous = OFF")
            self.connection.exec_driver_sql("PRAGMA cache_size = -262144")

    def reset_sequences(self, *tables: sa.Table):
        """After explicit ids on PostgreSQL, move each id sequence past the largest id."""
        if self.dialect != "postgresql":
            return
        for table in tables:
            pk = list(table.primary_key.columns)
            if len(pk) != 1 or not pk[0].autoincrement or not isinstance(pk[0].type, sa.Integer):
                continue
            self.connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                f"COALESCE((SELECT MAX(\"{pk[0].name}\") FROM \"{table.name}\"), 0) + 1, false)")

    def analyze(self):
        self.connection.exec_driver_sql("ANALYZE")
