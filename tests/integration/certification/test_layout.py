"""Each kind of certificate in its worst case (tests/integration/certification/layout.py), issued
through the real path and read back: no two words overprint, no text leaves its page, the verify
address is printed at 9 pt or more, and the QR code decodes with zbar from a 150 dpi scan."""
import dataclasses
import io
import os
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from app.certification.rendering import pdf
from app.certification.issuing import issue
from app.certification.issuing.issue import Draft
from tests.integration.certification import layout, pdfa_check

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("zbarimg"),
                                   reason="needs Debian's poppler-utils and zbar-tools")
ON = date(2026, 3, 2)


@pytest.fixture
def worst(app, db, cert_env, make_state, make_user):
    """(worst case, the issuing user, the state row): names at their maximum lengths."""
    app.config.update(PUBLIC_BASE_URL=layout.BASE_URL, DEMO_ALLOWED=True)
    case = layout.worst_case()
    state = make_state("KEN", case.state_en, case.state_fr)
    officer = make_user("tot_trainer", state=None, display_name=case.issuer)
    officer.job_title = case.job_title
    return case, officer, state


def draft(kind, case, state, roster_size=0) -> Draft:
    extra = {}
    if kind == "trainer":
        extra = {"qualification": "TOT-CPTM", "valid_from": "2024-01-01"}
    if kind == "unit":
        p = case.profile
        extra = {"profile_code": p.code, "profile_en": p.title_en, "profile_fr": p.title_fr,
                 "level": p.pcrs_level, "mission": case.mission, "rotation": case.rotation,
                 "roster_size": roster_size, "roster": layout.roster(roster_size)}
    return Draft(kind=kind, state=state, expires_on=date(2027, 3, 1),
                 holder=case.unit_name if kind == "unit" else case.holder,
                 standards=case.standards, printed_extra=extra)


def decode_qr(data: bytes, tmp_path) -> list[str]:
    source = tmp_path / "certificate.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(source),
                    str(tmp_path / "scan")], check=True)
    found = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                            str(next(tmp_path.glob("scan*.png")))], capture_output=True,
                           text=True)
    return found.stdout.split()


def first_page(data: bytes):
    """(text, the verify address's smallest character size) of page 1."""
    with pdfplumber.open(io.BytesIO(data)) as document:
        page = document.pages[0]
        text = page.extract_text(use_text_flow=True)
        mono = [c["size"] for c in page.chars if "Mono" in c["fontname"]]
    return " ".join(text.split()), min(mono) if mono else 0


def test_the_checker_finds_overprinted_and_lost_text(app):
    """The reader is no rubber stamp: two paragraphs drawn over each other, a word pushed off
    the page and a rule through a word are reported."""
    html = ('<p style="position:absolute;top:20mm;left:20mm">Overprinted words here</p>'
            '<p style="position:absolute;top:21mm;left:30mm">Other words</p>'
            '<p style="position:absolute;top:60mm;left:265mm;white-space:nowrap">'
            'Lost beyond the edge</p>'
            '<p style="position:absolute;top:100mm;left:20mm">Struck through</p>'
            '<div style="position:absolute;top:101.5mm;left:10mm;width:80mm;'
            'border-top:.3mm solid black"></div>')
    with app.test_request_context():
        found = layout.problems(pdf.render_pdf(html))
    assert any("overlap" in f for f in found), found
    assert any("outside the page" in f for f in found), found
    assert any("rule runs through 'Struck'" in f for f in found), found


@needs_poppler
@pytest.mark.parametrize("kind", ["individual", "trainer"])
def test_one_page_certificates_in_their_worst_case(app, worst, kind, tmp_path):
    case, officer, state = worst
    cert = issue.issue(draft(kind, case, state), officer, ON)
    data = _stored(app, cert)
    with pdfplumber.open(io.BytesIO(data)) as document:
        assert len(document.pages) == 1
    assert layout.problems(data) == []
    assert pdfa_check.problems(data) == []
    text, url_size = first_page(data)
    flat = text.replace(" ", "")
    for s in case.standards:
        assert s["title_en"].replace(" ", "") in flat and s["title_fr"].replace(" ", "") in flat
    assert case.job_title.replace(" ", "") in flat and case.issuer.replace(" ", "") in flat
    assert url_size >= 9
    assert decode_qr(data, tmp_path) == [cert_url(cert)]


@needs_poppler
@pytest.mark.parametrize("kind", ["individual", "trainer"])
def test_each_date_stays_whole_at_the_largest_type(app, worst, kind):
    """12 standards or fewer are set at 7.5 pt, the table's largest type: each date still fits
    its column on one line (it broke as '2026-12-3' / '1')."""
    case, officer, state = worst
    few = dataclasses.replace(draft(kind, case, state), standards=case.standards[:3])
    data = _stored(app, issue.issue(few, officer, ON))
    with pdfplumber.open(io.BytesIO(data)) as document:
        words = [w["text"] for w in document.pages[0].extract_words()]
    assert [w for w in words if w == "2026-12-31"] == ["2026-12-31"] * 3, words
    assert layout.problems(data) == []


@needs_poppler
def test_unit_certificate_with_an_850_person_annex_in_its_worst_case(app, worst, tmp_path):
    case, officer, state = worst
    started = time.perf_counter()
    cert = issue.issue(draft("unit", case, state, roster_size=850), officer, ON)
    seconds = time.perf_counter() - started
    data = _stored(app, cert)
    assert layout.problems(data) == []
    assert pdfa_check.problems(data) == []
    text, url_size = first_page(data)
    flat = text.replace(" ", "")
    for s in case.standards:  # titles on page 1, in English and French
        assert s["title_en"].replace(" ", "") in flat and s["title_fr"].replace(" ", "") in flat
    assert case.mission.replace(" ", "") in flat and case.rotation.replace(" ", "") in flat
    assert case.profile.title_fr.replace(" ", "") in flat
    assert url_size >= 9
    assert decode_qr(data, tmp_path) == [cert_url(cert)]
    with pdfplumber.open(io.BytesIO(data)) as document:
        annex = " ".join(p.extract_text(use_text_flow=True) for p in document.pages[1:])
        pages = len(document.pages)
    annex = "".join(annex.split())
    for row in layout.roster(850)[:51]:  # a sample of each kind of row, wrapped or not
        assert row["name"].replace(" ", "") in annex
    print(f"unit certificate, 850-person annex: {pages} pages in {seconds:.1f} s")


def test_a_unit_without_a_mission_says_so(app, worst, tmp_path):
    case, officer, state = worst
    unit = draft("unit", case, state, roster_size=3)
    unit.printed_extra["mission"] = None
    data = _stored(app, issue.issue(unit, officer, ON))
    text, _size = first_page(data)
    assert "Mission not stated / non précisée Rotation" in text


def cert_url(cert) -> str:
    return f"{layout.BASE_URL}/verify/{cert.token}"


def _stored(app, cert) -> bytes:
    """The issued PDF, committed; also written to $CERT_LAYOUT_DIR when set (to look at)."""
    from app.extensions import db
    from tests.factories_certification import stored_pdf

    db.session.commit()
    data = stored_pdf(app, cert)
    if os.environ.get("CERT_LAYOUT_DIR"):
        test = os.environ["PYTEST_CURRENT_TEST"].split("::")[-1].split(" ")[0]
        Path(os.environ["CERT_LAYOUT_DIR"], f"{test}.pdf").write_bytes(data)
    return data
