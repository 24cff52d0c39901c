"""The seeds' own pledges can be certified: every capability of Annex A of the 2016 London
Ministerial report (tests/data/annex_a_2016.csv, one row per capability as written, with the
unit type or personnel category it maps to) has a requirement profile in the real catalogue.

A pledged unit needs a Level 2 profile for its unit type (Level 2 is where the UN considers a
unit for deployment). Individually deployed personnel (police officers, staff officers, military
observers, civilian experts) are not pledged units: they need their own profile instead. One row
is a number of personnel without a capability ("Up to 600 personnel"): it maps to nothing, and
says so.
"""
import csv
from pathlib import Path

import pytest

from app.catalogue.loader import read_catalogue
from tests.factories_catalogue import REAL_CURRICULA

ANNEX_A = Path(__file__).resolve().parents[2] / "data" / "annex_a_2016.csv"


def rows() -> list[dict]:
    with ANNEX_A.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue(REAL_CURRICULA)


def test_the_copy_of_annex_a_is_complete():
    found = rows()
    assert len({r["state"] for r in found}) == 30  # "Thirty member states made additional pledges"
    assert len(found) == 65
    assert all(r["capability"].strip() for r in found)
    belgium = [r["capability"] for r in found if r["state"] == "Belgium"]
    assert belgium == ["Combined Arms Tactical Sub-Group",
                       "Intelligence Surveillance Target Acquisition Reconnaissance Detachment",
                       "Transport Aircraft (C130 and A321)", "4 Military Utility Helicopters",
                       "6 Fighter Jets", "UAV Unit", "Maritime Unit", "Maritime Support Unit"]


@pytest.mark.parametrize("row", rows(), ids=lambda r: f"{r['state']}: {r['capability']}")
def test_every_capability_maps_to_a_profile(row, catalogue):
    unit_types = {t.code for t in catalogue.taxonomy["unit_types"]}
    level_2 = {p.unit_type for p in catalogue.profiles if p.unit_type and p.pcrs_level == "L2"}
    individual = {p.personnel_category for p in catalogue.profiles if p.personnel_category}
    if row["maps_to"] == "unspecified":
        assert row["note"], "a capability that maps to nothing must say why"
        return
    for target in row["maps_to"].split(";"):
        kind, code = target.split(":")
        if kind == "unit":
            assert code in unit_types, f"unknown unit type {code}"
            assert code in level_2, f"no Level 2 profile for {code}"
        else:
            assert kind == "personnel", target
            assert code in individual, f"no profile for individually deployed {code}"


def test_only_one_pledge_maps_to_nothing():
    assert [(r["state"], r["capability"]) for r in rows() if r["maps_to"] == "unspecified"] == [
        ("Canada", "Up to 600 personnel")]


def test_every_unit_type_named_by_annex_a_has_a_source(catalogue):
    named = {t.split(":")[1] for r in rows() if r["maps_to"] != "unspecified"
             for t in r["maps_to"].split(";") if t.startswith("unit:")}
    types = {t.code: t for t in catalogue.taxonomy["unit_types"]}
    assert all(types[code].sources for code in named)
    assert all("LONDON-2016" in types[code].sources for code in named)
