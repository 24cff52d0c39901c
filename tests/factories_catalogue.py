"""Catalogue test helpers: the tiny fixture curricula, editable copies, loading into the DB."""
import shutil
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CURRICULA = ROOT / "tests" / "data" / "curricula"
REAL_CURRICULA = ROOT / "curricula"
ON = date(2026, 3, 1)


def copy_curricula(tmp_path: Path, source: Path = FIXTURE_CURRICULA) -> Path:
    target = tmp_path / "curricula"
    shutil.copytree(source, target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` (which must be there) by `new` in a curricula file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def load(directory: Path = FIXTURE_CURRICULA, on: date = ON):
    """Validate and load a curricula directory, commit, return the LoadReport."""
    from app.catalogue.loader import read_catalogue
    from app.catalogue.services import load_catalogue
    from app.extensions import db

    report = load_catalogue(read_catalogue(directory), on=on)
    db.session.commit()
    return report


def ensure_translations() -> None:
    """Compile the home and catalogue French messages when the .mo is missing or older than the .po
    (`make translations` does the same; this keeps a bare `pytest` run honest)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for domain in ("main", "catalogue"):
        po = ROOT / "app" / domain / "translations/fr/LC_MESSAGES/messages.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as src:
                catalog = read_po(src)
            with mo.open("wb") as out:
                write_mo(out, catalog)


def drop_entry(path: Path, key: str, index: int) -> None:
    """Remove the `index`-th `[[key]]` entry (with its sub-tables) from a curricula file."""
    header = f"[[{key}]]"
    parts = path.read_text(encoding="utf-8").split(header)
    assert len(parts) > index + 1, f"{path} has no {header} number {index}"
    del parts[index + 1]
    path.write_text(header.join(parts), encoding="utf-8")


def loaded_app(directory: Path = FIXTURE_CURRICULA):
    """An app whose database holds the fixture catalogue (or `directory`), for read-only tests
    that share it (module-scoped: building the schema once instead of per test matters on
    PostgreSQL). Yields the app; its requests run without a pushed app context, as in
    production."""
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db

    app = create_app(TestConfig)
    with app.app_context():
        db.drop_all()
        db.create_all()
        load(directory)
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
