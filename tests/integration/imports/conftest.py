"""Import fixtures: record factories, a signed-in registrar, and helpers that drive the real
upload -> check -> confirm pages through the test client."""
import io
import re
from types import SimpleNamespace

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.auth.models import Role
from tests.factories_readiness import *  # noqa: F401,F403
from tests.factories_records import *  # noqa: F401,F403

ROSTER_HEADER = ("member_state,service_number,family_name,given_name,rank,sex,"
                 "personnel_category,nationality,appointment,key_appointment,nio")


def roster_line(i, state="KEN", **over):
    values = dict(member_state=state, service_number=f"KA-{i:05d}", family_name=f"Otieno{i}",
                  given_name="Grace", rank="Pte", sex="F" if i % 2 else "M",
                  personnel_category="military_contingent", nationality=state,
                  appointment=f"Rifleman {i}", key_appointment="yes" if i == 0 else "no",
                  nio="no")
    values.update(over)
    return ",".join(str(values[k]) for k in ROSTER_HEADER.split(","))


def roster_csv(n, start=0, state="KEN", extra=()):
    lines = [ROSTER_HEADER] + [roster_line(i, state) for i in range(start, start + n)]
    return ("\n".join(list(lines) + list(extra)) + "\n").encode()


@pytest.fixture(autouse=True)
def _taxonomy(taxonomy):
    return taxonomy


@pytest.fixture
def registrar(make_user, login_as):
    user = make_user(Role.CENTRE_REGISTRAR, state="KEN")
    login_as(user)
    return user


@pytest.fixture
def flow(client):
    """flow.upload(url, data, name) -> response; flow.run(url, data, name) uploads, checks
    every chunk and confirms, returning the final preview page."""
    def upload(url, data, name="file.csv"):
        # encoded here, in memory: Werkzeug's own encoder spools big bodies to a temp file
        # that the test client never closes (a ResourceWarning, an error in this suite)
        boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), name)})
        return client.post(url, data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")

    def stage_id(response):
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return int(re.search(r"/imports/(\d+)$", response.headers["Location"]).group(1))

    def check(stage):
        calls = 0
        while True:
            calls += 1
            body = client.post(f"/imports/{stage}/check").get_json()
            if body["status"] != "uploaded":
                return calls, body

    def preview(stage):
        return client.get(f"/imports/{stage}").get_data(as_text=True)

    def confirm(stage):
        return client.post(f"/imports/{stage}/confirm")

    def run(url, data, name="file.csv"):
        stage = stage_id(upload(url, data, name))
        check(stage)
        response = confirm(stage)
        return stage, response, preview(stage)

    return SimpleNamespace(upload=upload, stage_id=stage_id, check=check, preview=preview,
                           confirm=confirm, run=run)
