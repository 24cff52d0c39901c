"""The standards picker of the session forms (issue 18 item 4): checkboxes grouped by category,
the versions in force only unless retired ones are asked for (then marked), a filter box the
script shows, and the catalogue's current-version rule (catalogue/queries.current_version)."""
import re
from datetime import date

from app.auth.models import Role
from app.catalogue.models import TaxonomyTerm
from app.training.models import CourseSession


def picker(html):
    """The picker's HTML, up to its retired-versions link (included)."""
    rest = html.split('<fieldset class="mb-3 picker" id="standard_ids"', 1)[1]
    return re.match(r".*?(versions too|versions only)</a>", rest, re.S).group(0)


def groups(html):
    """legend -> labels of the checkboxes under it."""
    found = {}
    for legend, body in re.findall(r'<legend class="h6 mb-1">([^<]+)</legend>(.*?)</fieldset>',
                                   picker(html), re.S):
        found[legend] = re.findall(r'<label class="form-check-label"[^>]*>([^<]+)</label>', body)
    return found


def test_grouped_current_only_retired_on_request(client, db, make_user, login_as, make_standard):
    db.session.add_all([
        TaxonomyTerm(kind="categories", code="core", name_en="Core pre-deployment",
                     name_fr="Tronc commun", order=1, extra={}),
        TaxonomyTerm(kind="categories", code="specialized", name_en="Specialized",
                     name_fr="Spécialisé", order=2, extra={})])
    old = make_standard("CD-1", "2017", retired_on=date(2024, 12, 31))
    new = make_standard("CD-1", "2025", effective_on=date(2025, 1, 1))
    make_standard("POC-1", "2025", effective_on=date(2025, 1, 1), category="specialized",
                  pass_mark=0)
    make_standard("TOT-1", "2025", effective_on=date(2025, 1, 1), category="tot")
    later = make_standard("SEA-1", "2099", effective_on=date(2099, 1, 1))
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    html = client.get("/training/sessions/new").get_data(as_text=True)
    assert groups(html) == {"Core pre-deployment": ["CD-1@2025 — CD-1 title"],
                            "Specialized": ["POC-1@2025 — POC-1 title"]}
    assert 'select multiple' not in html and 'id="standard_ids"' in html
    assert "pass mark 70" in picker(html)  # shown where there is one
    assert 'data-picker-filter="standard_ids"' in html and "js/picker.js" in html
    assert "retired" not in picker(html).replace("?retired=1", "").replace(
        "Show retired versions too", "")

    html = client.get("/training/sessions/new?retired=1").get_data(as_text=True)
    core = groups(html)["Core pre-deployment"]
    assert core == ["CD-1@2017 — CD-1 title", "CD-1@2025 — CD-1 title", "SEA-1@2099 — SEA-1 title"]
    body = picker(html)
    assert re.search(rf'value="{old.id}".*?CD-1@2017.*?badge[^>]*>retired<', body, re.S)
    assert re.search(rf'value="{later.id}".*?SEA-1@2099.*?badge[^>]*>not yet in force<', body,
                     re.S)
    assert not re.search(rf'value="{new.id}"[^\n]*\n[^\n]*\n[^\n]*badge', body)
    assert "List current versions only" in body
    assert "TOT-1" not in html  # trainer standards: ToT sessions only


def test_a_retired_version_ticked_is_refused_and_stays_listed(client, db, make_user, login_as,
                                                              make_standard):
    old = make_standard("CD-1", "2017", retired_on=date(2024, 12, 31))
    make_standard("CD-1", "2025", effective_on=date(2025, 1, 1))
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    page = client.post("/training/sessions/new", data={
        "title": "Old course", "start_on": "2025-03-03", "end_on": "2025-03-07",
        "language": "en", "standard_ids": [str(old.id)]}).get_data(as_text=True)
    body = picker(page)
    assert "CD-1@2017 is not current during the session." in body
    assert re.search(rf'value="{old.id}" [^>]*checked', body) and ">retired<" in body
    assert db.session.scalar(db.select(db.func.count(CourseSession.id))) == 0


def test_tot_session_form_lists_trainer_standards_grouped(client, db, make_user, login_as,
                                                         make_standard, make_centre):
    make_standard("TOT-CPTM", "2025", effective_on=date(2025, 1, 1), category="tot")
    make_standard("CD-1", "2025", effective_on=date(2025, 1, 1))
    make_centre("UNTOT", kind="un_tot")
    db.session.commit()
    login_as(make_user(Role.TOT_TRAINER, "KEN"))
    html = client.get("/training/tot/sessions/new").get_data(as_text=True)
    assert groups(html) == {"tot": ["TOT-CPTM@2025 — TOT-CPTM title"]}
