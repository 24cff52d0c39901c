"""Bulk certificates drawn over a shared template (app/certification/rendering/overlay.py) are
the certificates a full layout makes: for each, the same words at the same places (pdfplumber's
word boxes, to 0.01 pt), a QR code that decodes to its own verify address at 150 dpi, the same
files attached, PDF/A-3b. What does not fit the template (a name that needs another line, a
different set of standards, glyphs the fonts lack) is laid out in full, and compared the same
way."""
import io
import subprocess

import pdfplumber
import pytest
from pypdf import PdfReader

from app.certification.issuing import bulk
from app.certification.issuing.issue import attachments, prepare
from app.certification.rendering import overlay, pdf
from app.timeutil import today
from tests.integration.certification import pdfa_check
from tests.integration.certification.test_pdf import needs_poppler

NAMES = ["Amani Wanjiru", "Zoë Ångström-Łukasiewicz", "AVAWAY Tôi Đặng", "Иван Петров",
         "Ibrahim O'Neill-Kamau", "Li"]


@pytest.fixture(autouse=True)
def no_templates():
    overlay._templates.clear()
    overlay.drawn.clear()
    yield
    overlay._templates.clear()


def words(data: bytes) -> list[tuple]:
    with pdfplumber.open(io.BytesIO(data)) as document:
        assert len(document.pages) == 1
        return [(w["text"], *(round(w[k], 2) for k in ("x0", "top", "x1", "bottom")))
                for w in document.pages[0].extract_words()]


def decode_qr(data: bytes, tmp_path, name: str) -> list[str]:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(source), str(tmp_path / name)],
                   check=True)
    found = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                            str(next(tmp_path.glob(f"{name}*.png")))], capture_output=True,
                           text=True)
    return found.stdout.split()


def files(data: bytes) -> dict:
    return {name: content for name, (content, *_more) in PdfReader(io.BytesIO(data))
            .attachments.items()}


def both_ways(drafts):
    """(the pages overlay.render_batch makes, the pages a full layout makes) of `drafts`."""
    on = today()
    prepared = [prepare(d, None, on, qr_placeholder=f"pkt-qr-test-{n}.")
                for n, d in enumerate(drafts)]
    part = [(f"pkt-qr-test-{n}.", p) for n, p in enumerate(prepared)]
    shell = pdf.render_html("certificates/pdf/bulk.html", certificates=[])
    document, fast = overlay.render_batch(shell, bulk._items(part))
    html = pdf.render_html("certificates/pdf/bulk.html", certificates=[p.context for p in prepared])
    _whole, full = pdf.render_batch(html, [(ph, p.verify_url, attachments(p)) for ph, p in part])
    assert len(PdfReader(io.BytesIO(document)).pages) == len(drafts)
    assert pdfa_check.problems(document) == []
    return prepared, fast, full


def assert_same(prepared, fast, full, tmp_path):
    for n, (p, mine, theirs) in enumerate(zip(prepared, fast, full)):
        assert words(mine) == words(theirs), p.draft.holder
        assert decode_qr(mine, tmp_path, f"fast{n}") == [p.verify_url]
        assert files(mine) == files(theirs) == attachments(p)
        assert pdfa_check.problems(mine) == [], p.draft.holder


def unit_drafts(certifiable_unit, size):
    setup = certifiable_unit(size=size)
    return bulk.plan(setup.unit, "L2", today()).drafts


@needs_poppler
def test_pages_drawn_over_the_template_are_the_full_layout(app, db, cert_env, certifiable_unit,
                                                          tmp_path):
    drafts = unit_drafts(certifiable_unit, len(NAMES))
    for draft, name in zip(drafts, NAMES):
        draft.holder = name
    drafts[2].standards = [dict(s, date="2025-01-31") for s in drafts[2].standards]
    prepared, fast, full = both_ways(drafts)
    assert overlay.drawn == {"overlaid": len(NAMES), "full": 0}
    assert_same(prepared, fast, full, tmp_path)
    assert len({words(page)[0] for page in fast}) == 1  # one template, many names
    db.session.rollback()


@needs_poppler
def test_what_does_not_fit_is_laid_out_in_full(app, db, cert_env, certifiable_unit, tmp_path):
    """A name too wide for the line (the same size class: 40 characters at most), a set of
    standards only one member has, glyphs no certificate font holds: each laid out in full."""
    drafts = unit_drafts(certifiable_unit, 6)
    drafts[3].holder = "W" * 20 + "Ж" * 20  # 40 characters, wider than the line
    odd = drafts[4].standards
    drafts[4].standards = [dict(odd[0], version="2099")] + odd[1:]  # another set
    drafts[5].holder = "王小明"  # glyphs DejaVu lacks
    prepared, fast, full = both_ways(drafts)
    assert overlay.drawn == {"overlaid": 3, "full": 3}
    assert_same(prepared, fast, full, tmp_path)
    state = [[top for text, _x, top, *_r in words(page) if text == "KEN"] for page in full]
    assert state[3][0] > state[0][0] + 10  # the long name did take two lines
    db.session.rollback()


def test_the_template_is_set_by_the_shortest_name_in_the_certificates_own_scripts():
    """A shorter name in another script would be drawn in the machine's fallback font (with
    Debian's fonts-droid-fallback installed, "王小明" set every other name's line height wrong
    and sent four of six certificates to a full layout)."""
    from types import SimpleNamespace

    def member(name):
        return SimpleNamespace(values={"holder": name})

    names = ["Amina Otieno", "王小明", "Ли Ян", "Jo Ng", "Ωmega Ali"]
    chosen = overlay.template_member([member(n) for n in names])
    assert chosen.values["holder"] == "Jo Ng"
    assert overlay.template_member([member("王小明"), member("Ли Ян")]).values["holder"] == \
        "Ли Ян"
    assert overlay.template_member([member("王小明")]).values["holder"] == "王小明"
