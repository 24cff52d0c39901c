"""The demo world served by the real app in a thread, and one crawl of every page by every role
in both languages, shared by the checks of this folder (axe-core, the Nu HTML Checker, French)."""
import logging
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.browser.conformance import crawl as crawling
from tests.browser.conformance import world


@pytest.fixture(scope="session")
def conformance_dir():
    """A folder of its own (not pytest's, which other runs on the machine may clean up)."""
    path = Path(tempfile.mkdtemp(prefix="pkt-conformance-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_app(conformance_dir):
    tmp = conformance_dir

    class DemoConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp / 'demo.db'}"
        WTF_CSRF_ENABLED = True
        CERTIFICATE_DIR = str(tmp / "certificates")
        SIGNING_KEY_PATH = str(tmp / "signing_key.pem")
        INSTANCE_DIR = str(tmp)

    app = create_app(DemoConfig)
    with app.app_context():
        db.create_all()
        from app.credentials.signing import generate_key
        generate_key(app.config["SIGNING_KEY_PATH"])
    logins, invite_token = world.seed(app)
    yield app, logins, invite_token
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def crawl(demo_app, conformance_dir):
    app, logins, invite_token = demo_app
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    out_dir = conformance_dir / "pages"
    out_dir.mkdir()
    started = time.monotonic()
    try:
        result = crawling.crawl(app, f"http://127.0.0.1:{server.server_port}", logins,
                                invite_token, out_dir)
    finally:
        server.shutdown()
        thread.join(timeout=5)
    result.seconds = time.monotonic() - started
    result.out_dir = out_dir
    return result
