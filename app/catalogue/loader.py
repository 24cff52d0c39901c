"""Read curricula/ into a validated, immutable Catalogue, or report every problem found.

Each problem names the file, the field (`standards[2].assessment.pass_mark`) or line, and the
reason. Syntax errors stop only their own file; schema errors drop only their own entry; references
between files (category, edition, audience, unit type, sign-off, supersedes, required standard) are
checked against everything that could be read, so one run reports as much as possible.
Pure module: neither Flask nor SQLAlchemy.
"""
import re
import tomllib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from app.catalogue import crossref
from app.catalogue.resolve import resolve
from app.catalogue.schema import (TAXONOMY_KINDS, CentreEntry, Entry, GenderTargetEntry,
                                  ProfileEntry, RequirementSetEntry, SourceEntry, StandardEntry)

TAXONOMY = "taxonomy.toml"
GENDER_TARGETS = "gender_targets.toml"
CENTRES = "centres.toml"
SOURCES = "sources.toml"
SETS = "requirement_sets.toml"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.reason}"


class CatalogueInvalid(Exception):
    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the catalogue")


@dataclass(frozen=True)
class Located:
    """A validated entry and where it came from (file, table key, index in the file)."""

    file: str
    key: str
    index: int
    entry: Entry

    def at(self, path: str = "") -> str:
        return f"{self.key}[{self.index}]" + (f".{path}" if path else "")


@dataclass(frozen=True)
class Catalogue:
    taxonomy: Mapping[str, tuple]          # kind -> tuple of terms, in file order
    standards: tuple[StandardEntry, ...]
    profiles: tuple[ProfileEntry, ...]
    gender_targets: tuple[GenderTargetEntry, ...]
    centres: tuple[CentreEntry, ...]
    sources: tuple[SourceEntry, ...] = ()
    sets: tuple[RequirementSetEntry, ...] = ()
    standard_files: Mapping[str, str] = field(default_factory=dict)   # "CODE@VERSION" -> file
    profile_files: Mapping[str, str] = field(default_factory=dict)    # code -> file

    def counts(self) -> dict[str, int]:
        return {"standards": len(self.standards), "profiles": len(self.profiles),
                "taxonomy terms": sum(len(t) for t in self.taxonomy.values()),
                "gender targets": len(self.gender_targets), "centres": len(self.centres),
                "requirement sets": len(self.sets), "sources": len(self.sources)}


def read_catalogue(root) -> Catalogue:
    """The catalogue in directory `root`; raises CatalogueInvalid listing every problem."""
    catalogue, problems = check_catalogue(root)
    if problems:
        raise CatalogueInvalid(problems)
    return catalogue


def check_catalogue(root) -> tuple[Catalogue | None, list[Problem]]:
    """(catalogue, []) when every file is valid, else (None, problems sorted by file)."""
    reader = _Reader(Path(root))
    catalogue = reader.read()
    problems = sorted(set(reader.problems), key=lambda p: (p.file, _natural(p.field), p.reason))
    return (None if problems else catalogue), problems


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        # codes that exist in the files but failed validation ("*": kinds not readable at all),
        # so references to them are not reported a second time
        self.excused: dict[str, set] = defaultdict(set)

    def problem(self, file: str, where: str, reason: str) -> None:
        self.problems.append(Problem(file, where, reason))

    def read(self) -> Catalogue | None:
        if not self.root.is_dir():
            self.problem(str(self.root), "directory", "not found")
            return None
        taxonomy = self._taxonomy()
        standards = self._many("standards", "standards", StandardEntry)
        sets = self._one(SETS, "sets", RequirementSetEntry)
        profiles, problems = resolve(self._many("profiles", "profiles", ProfileEntry), sets,
                                     self.excused)
        for file, where, reason in problems:
            self.problem(file, where, reason)
        targets = self._one(GENDER_TARGETS, "targets", GenderTargetEntry)
        centres = self._one(CENTRES, "centres", CentreEntry)
        sources = self._one(SOURCES, "sources", SourceEntry)
        for file, where, reason in crossref.check(taxonomy, standards, profiles, targets, centres,
                                                  self.excused, sources, sets):
            self.problem(file, where, reason)
        return Catalogue(
            taxonomy={kind: tuple(x.entry for x in terms) for kind, terms in taxonomy.items()},
            standards=tuple(x.entry for x in standards),
            profiles=tuple(x.entry for x in profiles),
            gender_targets=tuple(x.entry for x in targets),
            centres=tuple(x.entry for x in centres),
            sources=tuple(x.entry for x in sources),
            sets=tuple(x.entry for x in sets),
            standard_files={x.entry.ref: x.file for x in standards},
            profile_files={x.entry.code: x.file for x in profiles},
        )

    # -- files -------------------------------------------------------------------------------

    def _load(self, path: Path, allowed: tuple[str, ...]) -> tuple[dict, str] | None:
        name = path.relative_to(self.root).as_posix()
        if not path.is_file():
            self.problem(name, "file", "missing")
            return None
        try:
            text = path.read_bytes().decode("utf-8")
            data = tomllib.loads(text)
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[:exc.start].count(b"\n") + 1
            self.problem(name, f"line {line}", "not valid UTF-8")
            return None
        except tomllib.TOMLDecodeError as exc:
            where, reason = _syntax_position(str(exc))
            self.problem(name, where, f"TOML syntax error: {reason}")
            return None
        for key in data:
            if key not in allowed:
                self.problem(name, key, f"unknown table (expected {' or '.join(allowed)})")
        return data, text

    def _entries(self, path: Path, key: str, model, data: dict, text: str) -> list[Located]:
        name = path.relative_to(self.root).as_posix()
        raw = data.get(key)
        if raw is None:
            self.excused["*"].add(key)
            self.problem(name, key, f"missing: add at least one [[{key}]] entry")
            return []
        if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
            self.problem(name, key, f"must be an array of tables ([[{key}]])")
            self.excused["*"].add(key)
            return []
        lines = _header_lines(text, key)
        found = []
        for index, item in enumerate(raw):
            try:
                found.append(Located(name, key, index, model.model_validate(item)))
            except ValidationError as exc:
                if isinstance(item.get("code"), str):
                    self.excused[key].add(item["code"])
                hint = _entry_hint(item, lines, index)
                for error in exc.errors(include_url=False):
                    where = _field_path(key, index, error["loc"])
                    self.problem(name, where, error["msg"].removeprefix("Value error, ") + hint)
        return found

    def _taxonomy(self) -> dict[str, list[Located]]:
        path = self.root / TAXONOMY
        loaded = self._load(path, tuple(TAXONOMY_KINDS))
        if loaded is None:
            for kind in TAXONOMY_KINDS:
                self.excused[kind] |= _scrape_codes(path)
            return {kind: [] for kind in TAXONOMY_KINDS}
        data, text = loaded
        return {kind: self._entries(path, kind, model, data, text)
                for kind, model in TAXONOMY_KINDS.items()}

    def _one(self, file: str, key: str, model) -> list[Located]:
        path = self.root / file
        loaded = self._load(path, (key,))
        if loaded is None:
            self.excused[key] |= _scrape_codes(path)
            return []
        return self._entries(path, key, model, *loaded)

    def _many(self, folder: str, key: str, model) -> list[Located]:
        paths = sorted((self.root / folder).glob("*.toml"))
        if not paths:
            self.problem(f"{folder}/", "files", f"no {folder}/*.toml files found")
        found = []
        for path in paths:
            loaded = self._load(path, (key,))
            if loaded:
                found += self._entries(path, key, model, *loaded)
            else:
                self.excused[key] |= _scrape_codes(path)
        return found


def _scrape_codes(path: Path) -> set[str]:
    """The `code = "..."` values of a file that cannot be parsed, so that references to them
    are not reported as unknown on top of the syntax error."""
    if not path.is_file():
        return set()
    text = path.read_bytes().decode("utf-8", errors="replace")
    return set(re.findall(r'^\s*code\s*=\s*"([^"]+)"', text, flags=re.MULTILINE))


def _syntax_position(message: str) -> tuple[str, str]:
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match:
        return f"line {match[1]}", f"{message[:match.start()]} (column {match[2]})"
    match = re.search(r"\s*\(at end of document\)$", message)
    if match:
        return "end of file", message[:match.start()]
    return "file", message


def _field_path(key: str, index: int, loc: tuple) -> str:
    path = f"{key}[{index}]"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _header_lines(text: str, key: str) -> list[int]:
    """Line numbers of each `[[key]]` header, to point at an entry in the file."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(key)}\s*\]\]")
    return [n for n, line in enumerate(text.splitlines(), start=1) if pattern.match(line)]


def _entry_hint(item: dict, lines: list[int], index: int) -> str:
    parts = []
    if index < len(lines):
        parts.append(f"line {lines[index]}")
    code, version = item.get("code"), item.get("version")
    if isinstance(code, str):
        parts.append(f"{code}@{version}" if isinstance(version, str) else code)
    return f" ({', '.join(parts)})" if parts else ""
