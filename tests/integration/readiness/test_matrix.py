"""The matrix partial on the unit page: verdict, reasons, symbols as well as colours, counts per
standard, fully-valid people collapsed, names only for those allowed to see personal data."""
from app.auth.models import Role
from app.readiness.matrix import MATRIX_PAGE
from app.timeutil import today


def page(client, unit_id):
    """The readiness part of the unit page only."""
    response = client.get(f"/units/{unit_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html.split('id="readiness-h"', 1)[1].split('id="screening-h"', 1)[0]


def test_matrix_shows_verdict_reasons_and_counts(client, db, make_user, login_as,
                                                 readiness_world):
    w = readiness_world(size=5, keys=1, codes=("CD-1", "SEA-1"), share=0.8)
    recent = today().replace(day=1)
    w.give_all(["CD-1"], completed_on=recent)
    w.give_all(["SEA-1"], completed_on=recent, who=w.people[:3])
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    html = page(client, w.unit.id)
    assert 'data-certifiable="no"' in html
    assert "Not certifiable." in html
    assert "SEA-1: 3 of 5 people hold it; 4 are needed." in html
    assert "5/4" in html and "3/4" in html  # counts per standard in the header
    assert "✓" in html and "–" in html  # symbols, not only colour
    assert 'class="missing"' in html
    assert "Family00003" in html  # state staff see names
    assert "people hold every standard asked of them" in html or \
        "person holds every standard asked of them" in html
    # three people hold both: collapsed under <details>, the other two listed in the table
    assert html.count('<th scope="row" class="sticky-col">') == 2


def test_certifiable_unit_and_un_officer_sees_no_names(client, db, make_user, login_as,
                                                       readiness_world):
    w = readiness_world(size=3, keys=1, codes=("CD-1",), share=1.0)
    w.give_all(completed_on=today().replace(day=1))
    db.session.commit()
    officer = make_user(Role.UN_OFFICER)
    login_as(officer)
    html = page(client, w.unit.id)
    assert 'data-certifiable="yes"' in html and "Certifiable." in html
    assert "Family00001" not in html
    assert "Post 1" in html  # appointment instead of the name


def test_no_profile_says_so(client, db, make_user, login_as, readiness_world):
    w = readiness_world(size=2, level="L3")  # unit at L1 works towards L2: no profile
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    assert "No requirement profile" in page(client, w.unit.id)


def test_matrix_pages_people_but_counts_cover_everyone(client, db, make_user, login_as,
                                                       readiness_world):
    w = readiness_world(size=150, keys=0, codes=("CD-1",), share=0.5)
    w.give_all(completed_on=today().replace(day=1), who=w.people[:20])
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    first = page(client, w.unit.id)
    assert first.count('<th scope="row" class="sticky-col">') == MATRIX_PAGE == 50
    assert "130 people need attention" in first and "20/75" in first
    assert "matrix_page=2" in first and "matrix_page=3" in first
    last = client.get(f"/units/{w.unit.id}?matrix_page=3").get_data(as_text=True)
    last = last.split('id="readiness-h"', 1)[1].split('id="screening-h"', 1)[0]
    assert last.count('<th scope="row" class="sticky-col">') == 30 and "20/75" in last
    beyond = client.get(f"/units/{w.unit.id}?matrix_page=99").get_data(as_text=True)
    assert beyond.count('<th scope="row" class="sticky-col">') >= 30  # clamped to the last page
    for junk in ("abc", "-3", "1e9"):
        assert client.get(f"/units/{w.unit.id}?matrix_page={junk}").status_code == 200
    assert client.get(f"/units/{w.unit.id}?matrix_page=%00").status_code == 400  # routing.refuse_nul


def test_each_cell_says_its_own_status_and_date(client, db, make_user, login_as,
                                                readiness_world):
    """Cell texts are translated once per distinct status and date: cells that differ must
    still each say their own."""
    import re
    from datetime import timedelta

    w = readiness_world(size=4, keys=0, codes=("CD-1", "SEA-1"), share=1.0)
    first, second = today() - timedelta(days=40), today() - timedelta(days=10)
    w.give_all(["CD-1"], completed_on=first, who=w.people[:2])
    w.give_all(["CD-1"], completed_on=second, who=w.people[2:3])
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    html = page(client, w.unit.id)
    rows = {name: re.findall(r'<td class="\w+" title="([^"]+)"', row) for name, row in
            re.findall(r'class="sticky-col">[^<]*(Family\d+).*?</th>(.*?)</tr>',
                       html, re.S)}
    cd1 = {name: titles[0] for name, titles in rows.items()}
    assert len(rows) == 4 and all(titles[1] == "Missing" for titles in rows.values())
    assert cd1["Family00003"] == "Missing"
    assert cd1["Family00000"] == cd1["Family00001"] != cd1["Family00002"]
    assert all(cd1[n].startswith("Valid, until ") for n in ("Family00000", "Family00002"))


def test_empty_roster_meets_nothing(client, db, make_user, login_as, readiness_world):
    """An empty roster is not certifiable and no column says it is met: no tick, no green."""
    w = readiness_world(size=0, keys=0, codes=("CD-1", "SEA-1"), share=0.8)
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    html = page(client, w.unit.id)
    assert 'data-certifiable="no"' in html
    assert "coverage-head met" not in html and "✓" not in html.split("matrix-caption", 1)[1]
    assert html.count("nobody to count") == 2
    assert "Nobody is on the roster on this date, so no standard is met." in html
    assert "Everyone on the roster holds every standard" not in html


def test_columns_short_of_their_share_come_first(client, db, make_user, login_as,
                                                 readiness_world):
    """The profile lists CD-1, SEA-1, POC-1; SEA-1 is the only gap, so it is the first column,
    and each row's cells follow the columns."""
    w = readiness_world(size=4, keys=0, codes=("CD-1", "SEA-1", "POC-1"), share=1.0)
    recent = today().replace(day=1)
    w.give_all(["CD-1", "POC-1"], completed_on=recent)
    w.give_all(["SEA-1"], completed_on=recent, who=w.people[:2])
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    html = page(client, w.unit.id)
    heads = html.split("<tbody>", 1)[0]
    assert heads.index(">SEA-1<") < heads.index(">CD-1<") < heads.index(">POC-1<")
    assert 'coverage-head short' in heads.split(">SEA-1<", 1)[0].rsplit("<th", 1)[1]
    first_row = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    cells = first_row.split("<td")[2:]  # role cell first, then one per column
    assert 'class="missing"' in cells[0] and 'class="valid"' in cells[1]


def test_unit_page_links_to_its_parts(client, db, make_user, login_as, readiness_world):
    w = readiness_world(size=1, codes=("CD-1",))
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    html = client.get(f"/units/{w.unit.id}").get_data(as_text=True)
    hub = html.split('id="unit-hub"', 1)[1].split("</nav>", 1)[0]
    for href in ("#readiness-h", "#certification-h", f"/certificates/units/{w.unit.id}",
                 f"/readiness/units/{w.unit.id}", "#unit-import-links", "#roster-h"):
        assert f'href="{href}"' in hub
