"""Running the Digital Credentials Consortium's verifier (tests/credentials/dcc_verify.mjs, npm
packages from the root package.json) over credentials the app issued, with no network."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "credentials" / "dcc_verify.mjs"
VC_PACKAGE = ROOT / "node_modules" / "@digitalcredentials" / "vc" / "package.json"


def require_node() -> str:
    """The node binary; skips without node or `npm ci`, fails instead when REQUIRE_NODE is set
    (CI)."""
    node = shutil.which("node")
    if node is None or not VC_PACKAGE.is_file():
        message = "needs node and the npm packages (`make setup-dev` runs `npm ci`)"
        if os.environ.get("REQUIRE_NODE"):
            pytest.fail(message)
        pytest.skip(message)
    return node


def verifier_version() -> str:
    return json.loads(VC_PACKAGE.read_text())["version"]


def run(tmp_path, did_document: dict, cases: list[tuple[str, dict]],
        status_lists: dict | None = None) -> dict[str, dict]:
    """{case name: result} from the DCC verifier (see dcc_verify.mjs)."""
    node = require_node()
    path = tmp_path / "cases.json"
    path.write_text(json.dumps({"didDocument": did_document, "statusLists": status_lists or {},
                                "cases": [{"name": n, "credential": c} for n, c in cases]}))
    done = subprocess.run([node, str(SCRIPT), str(path)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["checked"] == len(cases)
    return {r["name"]: r for r in answer["results"]}


def status_lists(client, credentials) -> dict:
    """{url: status list credential} for every list `credentials` name, fetched from the app."""
    lists = {}
    for url in {e["statusListCredential"] for c in credentials for e in c["credentialStatus"]}:
        response = client.get("/" + url.split("/", 3)[3])
        assert response.status_code == 200, url
        lists[url] = response.json
    return lists
