"""The certificates' worst cases, and a reader that finds overprinted or lost text.

Worst case: the 25 standards (the most a certificate holds) whose English and French titles are
the longest in the catalogue (curricula/), the longest English and French Member State names, the
longest requirement profile titles; names longer than any in the demo or test data (a person's 82
characters, a unit's 99, an issuer's 67), the longest real mission name (MINUSCA's, 96), a
rotation and a job title at the forms' limits (40, 120); a unit's roster of 850 with long names
and appointments (every 50th at the forms' limits: 262 and 120 characters). A certificate prints English
and French side by side, so one document is the worst case of both languages.
"""
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pdfplumber

from app.catalogue.loader import read_catalogue
from app.catalogue.member_states import un_member_states

ROOT = Path(__file__).resolve().parents[3]
BASE_URL = "https://peacekeeping-training-standards.example.org"
SLACK = 0.5  # pt: font boxes of adjacent lines may touch by this much without ink overlapping
RULE = 1.5  # pt: a box this thin is a rule (a border or a table line)


def stretch(words: str, length: int) -> str:
    """`words` repeated up to exactly `length` characters (no trailing space)."""
    text = (words + " ") * (length // (len(words) + 1) + 1)
    return text[:length].rstrip().ljust(length, "x")


@dataclass
class Worst:
    standards: list[dict]
    state_en: str
    state_fr: str
    profile: object
    holder: str
    unit_name: str
    mission: str
    rotation: str
    issuer: str
    job_title: str


def worst_case() -> Worst:
    catalogue = read_catalogue(ROOT / "curricula")
    longest = sorted(catalogue.standards, key=lambda s: (len(s.title_en) + len(s.title_fr),
                                                         s.code), reverse=True)[:25]
    states = un_member_states()
    profile = max(catalogue.profiles, key=lambda p: (len(p.title_en) + len(p.title_fr), p.code))
    return Worst(
        standards=[{"code": s.code, "version": s.version, "title_en": s.title_en,
                    "title_fr": s.title_fr, "date": "2026-12-31"} for s in longest],
        state_en=max((s.name_en for s in states), key=len),
        state_fr=max((s.name_fr for s in states), key=len),
        profile=profile,
        holder="Lieutenant-Colonel Marie-Thérèse Wanjiru-Adaeze Mbuyamba-Kabongo Wakamwanya-Otieno",
        unit_name=("Bataillon d'infanterie mécanisée de maintien de la paix de la République "
                   "démocratique (MECHBATT-12)"),
        mission=("United Nations Multidimensional Integrated Stabilization Mission in the "
                 "Central African Republic"),
        rotation=stretch("Rotation 14 (2026-2027)", 40),
        issuer="Général de brigade Wilhelmina Mwakalebela-Ntumba Wakamwanya-Kabongo",
        job_title=stretch("Directrice de la formation au maintien de la paix, Forces armées", 120),
    )


def roster(size: int) -> list[dict]:
    """`size` annex rows: long names and appointments, every 50th at the forms' maximum."""
    given = ("Marie-Thérèse", "Oluwaseun", "Bartholomew", "Wilhelmina", "Mwajuma", "Nguyen")
    family = ("Mbuyamba-Kabongo", "Wakamwanya-Otieno", "Chukwuemeka", "Ramaswamy-Iyer")
    rows = []
    for n in range(size):
        if n % 50 == 0:
            name = " ".join((stretch("Warrant Officer", 60), stretch("Wilhelmina", 100),
                             stretch("Mwakalebela", 100)))
            appointment = "[K] [NIO] " + stretch("Protection of Civilians Officer", 120)
        else:
            name = f"Staff Sergeant {given[n % 6]} {given[n // 6 % 6]} {family[n % 4]}"
            appointment = ("[K] " if n < 20 else "") + ("Deputy Protection of Civilians Officer"
                                                       if n % 3 else "")
        rows.append({"name": name, "appointment": appointment,
                     "until": date(2027, 12, 31).isoformat()})
    return rows


@dataclass(frozen=True)
class Box:
    page: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def text_boxes(pdf: bytes) -> tuple[list[Box], list[Box], list[tuple[float, float]]]:
    """Every word's box on every page (pdfplumber, in the order the text is drawn, whatever its
    clipping), every rule (a filled or stroked box at most RULE thick), and each page's
    (width, height)."""
    words, rules, sizes = [], [], []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            sizes.append((float(page.width), float(page.height)))
            for w in page.extract_words(use_text_flow=True, split_at_punctuation=False):
                words.append(Box(number, w["text"], w["x0"], w["top"], w["x1"], w["bottom"]))
            for r in page.rects + page.lines:
                if min(r["x1"] - r["x0"], r["bottom"] - r["top"]) <= RULE:
                    rules.append(Box(number, "rule", r["x0"], r["top"], r["x1"], r["bottom"]))
    return words, rules, sizes


def _cross(a: Box, b: Box) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > SLACK
            and min(a.bottom, b.bottom) - max(a.top, b.top) > 0)


def problems(pdf: bytes) -> list[str]:
    """Text outside its page, pairs of words whose boxes overlap (beyond SLACK), and words a
    rule runs through."""
    words, rules, sizes = text_boxes(pdf)
    found = []
    for b in words:
        width, height = sizes[b.page - 1]
        if b.x0 < 0 or b.top < 0 or b.x1 > width or b.bottom > height:
            found.append(f"p.{b.page}: {b.text!r} outside the page")
    for page in range(1, len(sizes) + 1):
        rows = sorted((b for b in words if b.page == page), key=lambda b: b.top)
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if b.top >= a.bottom - SLACK:
                    break
                if min(a.x1, b.x1) - max(a.x0, b.x0) > SLACK:
                    found.append(f"p.{page}: {a.text!r} and {b.text!r} overlap")
        lines = [r for r in rules if r.page == page]
        for w in rows:
            inner = Box(page, w.text, w.x0, w.top + SLACK, w.x1, w.bottom - SLACK)
            found += [f"p.{page}: a rule runs through {w.text!r}"
                      for r in lines if _cross(inner, r)]
    return found
