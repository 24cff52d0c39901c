"""The baseline for verify throughput: bare Flask returning bodies of the verify page's size
(BARE_BODY_BYTES) and of the status API's size (BARE_API_BYTES) at the same URL shapes, served by
the same gunicorn.conf.py."""
import os

from flask import Flask

app = Flask(__name__)
BODY = b"x" * int(os.environ.get("BARE_BODY_BYTES", "6000"))
API_BODY = b'{"x":"' + b"x" * max(0, int(os.environ.get("BARE_API_BYTES", "800")) - 8) + b'"}'


@app.get("/verify/<token>")
def verify(token):
    return BODY, 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}


@app.get("/api/v1/certificates/<token>")
def status(token):
    return API_BODY, 200, {"Content-Type": "application/json", "Cache-Control": "no-store"}


@app.get("/healthz")
def healthz():
    return {"status": "ok"}
