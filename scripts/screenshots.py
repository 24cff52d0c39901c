"""The README's screenshots of what each role sees first: the home pages of Kenya's registrar and
certifying officer in the demo (docs/home-registrar.png, docs/home-certifier.png).

Seeds the demo (`flask demo seed`: the real catalogue, the demo units, a certification request
waiting) into a temporary SQLite database, serves the app in a thread on 127.0.0.1, signs in
through the real forms in Debian's Chromium (headless, never downloaded) at 1366 x 768, and saves
the first screen of each home as a PNG reduced to 256 colours (each under 150 KB).

    .venv/bin/python scripts/screenshots.py [--out docs]   # about 2 minutes, most of it the seed
"""
import argparse
import io
import secrets
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHOTS = (("registrar_ken", "home-registrar.png"), ("certifier_ken", "home-certifier.png"))
VIEWPORT = {"width": 1366, "height": 768}
MAX_BYTES = 150_000


def demo_app(tmp: Path):
    """The app on a fresh SQLite file in `tmp`, the demo seeded; (app, {key: login})."""
    from app import create_app
    from app.audit import checkpoints
    from app.config import DevelopmentConfig
    from app.credentials.signing import generate_key
    from app.demo.cli import PARTS
    from app.demo.context import DemoContext
    from app.extensions import db

    class ScreenshotConfig(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp / 'demo.db'}"
        SECRET_KEY = secrets.token_urlsafe(48)
        INSTANCE_DIR = str(tmp)
        CERTIFICATE_DIR = str(tmp / "certificates")
        SIGNING_KEY_PATH = str(tmp / "signing_key.pem")
        AUDIT_CHECKPOINT_PATH = str(tmp / "checkpoints")
        AUDIT_CHECKPOINT_KEY_PATH = str(tmp / "audit_key.pem")
        RATELIMIT_STORAGE_URI = "memory://"

    app = create_app(ScreenshotConfig)
    password = secrets.token_urlsafe(16)
    with app.app_context():
        db.create_all()
        generate_key(app.config["SIGNING_KEY_PATH"])
        checkpoints.generate_key(app.config)  # as `make run` does
        ctx = DemoContext(password=password)
        for part in PARTS:
            part.seed(ctx)
            db.session.flush()
        db.session.commit()
        logins = {login["email"].split("@")[0].replace(".", "_"): dict(login, password=password)
                  for login in ctx.logins}
        db.session.remove()
    return app, logins


def sign_in(page, base: str, login: dict) -> None:
    import pyotp

    page.goto(base + "/auth/login")
    page.get_by_label("Email", exact=True).fill(login["email"])
    page.get_by_label("Password", exact=True).fill(login["password"])
    page.get_by_role("button", name="Sign in").click()
    if login.get("totp_secret"):
        page.wait_for_url("**/auth/mfa")
        page.get_by_label("6-digit code").fill(pyotp.TOTP(login["totp_secret"]).now())
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url(base + "/home")


def small_png(data: bytes) -> bytes:
    """The screenshot in 256 colours (text and flat colours lose nothing visible)."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB").quantize(colors=256, dither=0)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    tmp = Path(tempfile.mkdtemp(prefix="pkt-screenshots-"))
    try:
        app, logins = demo_app(tmp)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, headless=True,
                                        args=["--no-sandbox", "--disable-gpu"])
            for key, name in SHOTS:
                context = browser.new_context(locale="en-GB", viewport=VIEWPORT)
                page = context.new_page()
                sign_in(page, base, logins[key])
                data = small_png(page.screenshot())
                if len(data) > MAX_BYTES:
                    raise SystemExit(f"{name}: {len(data):,} bytes, over {MAX_BYTES:,}")
                (Path(args.out) / name).write_bytes(data)
                print(f"{name}: {len(data):,} bytes")
                context.close()
            browser.close()
        server.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
