"""Dependencies install from lock files with hashes (security.md item 31): every package pinned
exactly with at least one sha256, every direct pin of requirements*.txt locked at its version, the
dev lock agreeing with the runtime lock, and this very environment running the locked versions."""
import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
ENTRY = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)(.*?)(?=^\S|\Z)", re.M | re.S)


def locked(name: str) -> dict[str, tuple[str, set[str]]]:
    """{canonical name: (version, {sha256 hashes})} of a lock file; fails on an unpinned line."""
    text = (ROOT / name).read_text()
    entries = {}
    for line in text.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            assert "==" in line, f"{name}: not pinned exactly: {line}"
    for match in ENTRY.finditer(text):
        hashes = set(re.findall(r"--hash=sha256:([0-9a-f]{64})", match.group(3)))
        entries[canonicalize_name(match.group(1))] = (match.group(2), hashes)
    return entries


def direct_pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-r"):
            continue
        package, _, version = line.partition("==")
        assert version, f"{name}: {line} is not pinned exactly"
        pins[canonicalize_name(package.split("[")[0])] = version
    return pins


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_hashes(lock):
    entries = locked(lock)
    assert len(entries) > 40
    unhashed = sorted(name for name, (_, hashes) in entries.items() if not hashes)
    assert unhashed == []


@pytest.mark.parametrize("source, lock", [("requirements.txt", "requirements.lock"),
                                          ("requirements-dev.txt", "requirements-dev.lock")])
def test_every_direct_pin_is_locked_at_its_version(source, lock):
    entries = locked(lock)
    pins = direct_pins(source)
    if source == "requirements-dev.txt":
        pins |= direct_pins("requirements.txt")
    stale = {name: (version, entries.get(name, ("missing",))[0])
             for name, version in pins.items() if entries.get(name, ("",))[0] != version}
    assert stale == {}, "run `make lock` after editing requirements*.txt"


def test_dev_lock_installs_the_runtime_lock_unchanged():
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    differing = {name: (entry[0], dev.get(name, ("missing",))[0])
                 for name, entry in runtime.items() if dev.get(name) != entry}
    assert differing == {}


def test_this_environment_runs_the_locked_versions():
    drift = {}
    for name, (version, _) in locked("requirements-dev.lock").items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            drift[name] = (version, installed)
    assert drift == {}, "run `make setup-dev` (it installs requirements-dev.lock)"
