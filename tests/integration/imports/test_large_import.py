"""10,000 rows: upload, check in chunks (the progress the page shows), confirm in one go."""
import time

from sqlalchemy import func, select

from app.units.models import Membership
from tests.integration.imports.conftest import roster_csv


def test_ten_thousand_row_roster(client, db, registrar, make_unit, flow):
    unit = make_unit("KEN")
    db.session.commit()
    started = time.perf_counter()
    stage = flow.stage_id(flow.upload(f"/imports/units/{unit.id}/roster", roster_csv(10_000)))
    uploaded = time.perf_counter()
    seen = []
    while True:
        body = client.post(f"/imports/{stage}/check").get_json()
        seen.append(body["checked"])
        if body["status"] != "uploaded":
            break
    checked = time.perf_counter()
    assert seen == list(range(1000, 10_001, 1000)) and body["problems"] == 0
    progress = client.get(f"/imports/{stage}/progress").get_json()
    assert progress == {"status": "checked", "checked": 10_000, "total": 10_000, "problems": 0}
    assert flow.confirm(stage).status_code == 302
    done = time.perf_counter()
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 10_000
    print(f"10k roster: upload {uploaded - started:.1f}s, check {checked - uploaded:.1f}s "
          f"({len(seen)} requests), confirm {done - checked:.1f}s")
