"""Bounded work for any uploaded PDF (issue 16, item 3): a file over the documented limits on
objects, attached files or CPU time is refused in well under a second, at /verify/check and at
/api/v1/certificates/check, and a certificate within them is still read."""
import resource
import subprocess
import sys
import time

import pytest

from app.certification.rendering import pdfcheck
from tests.hostile_pdf import decompression_work, many_attachments
from tests.integration.certification.test_upload_check import upload

URLS = ["/verify/check", "/api/v1/certificates/check"]


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children (the parser)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def refused(client, data, url):
    """(error code or page, CPU seconds) of one upload, its parser child's included. CPU time,
    not the wall clock, is what the limits bound: a loaded machine stretches the wall clock
    (printed too)."""
    started, cpu = time.perf_counter(), _cpu()
    response = upload(client, data, url=url)
    seconds, wall = _cpu() - cpu, time.perf_counter() - started
    print(f"{url}: {len(data) / 1e6:.2f} MB refused in {seconds:.3f} s of CPU ({wall:.3f} s)")
    assert response.status_code == 422
    assert b"Traceback" not in response.data
    if url.startswith("/api"):
        return response.json["error"], seconds
    return response.get_data(as_text=True), seconds


@pytest.mark.parametrize("url", URLS)
def test_twenty_thousand_attachments_are_refused_at_once(client, cert_env, url):
    data = many_attachments(20_000)
    assert len(data) > 4_000_000
    answer, seconds = refused(client, data, url)
    assert seconds < 0.3
    if url.startswith("/api"):
        assert answer == "too_complex"
    else:
        assert "more parts or attached files than a certificate" in answer


@pytest.mark.parametrize("ef", [b"/EF", b"/E#46"])  # #46 is "F": the same name, not counted
def test_attachment_limit_boundary(client, cert_env, ef):
    at_limit = many_attachments(pdfcheck.MAX_ATTACHMENTS, ef=ef)
    over = many_attachments(pdfcheck.MAX_ATTACHMENTS + 1, ef=ef)
    url = URLS[1]
    assert refused(client, at_limit, url)[0] == "no_credential"
    assert refused(client, over, url)[0] == "too_complex"


@pytest.mark.parametrize("end", [b"endobj", b""])  # without endobj, only the parser counts
def test_object_limit_boundary(client, cert_env, end):
    room = pdfcheck.MAX_OBJECTS - 6  # the catalogue, pages, names, tree, one file and its spec
    url = URLS[1]
    assert refused(client, many_attachments(1, extra_objects=room, end=end), url)[0] \
        == "no_credential"
    assert refused(client, many_attachments(1, extra_objects=room + 1, end=end), url)[0] \
        == "too_complex"


@pytest.mark.parametrize("url", URLS)
def test_cpu_time_is_bounded(client, cert_env, url):
    """A 70 KB file whose credential expands into tens of millions of decoding steps (several
    seconds of CPU unbounded) stops at the CPU limit."""
    data = decompression_work()
    assert len(data) < 100_000
    answer, seconds = refused(client, data, url)
    if url.startswith("/api"):
        assert answer == "timeout"
    else:
        assert "took too long to read" in answer
    assert seconds < pdfcheck.PARSE_CPU_SECONDS + 0.6  # the parse limit, Python's start-up


def test_precheck_is_cheap():
    data = many_attachments(20_000)
    started = time.process_time()
    assert pdfcheck.precheck(data) == "too_complex"
    assert time.process_time() - started < 0.05


def test_the_parser_child_starts_without_the_app_s_extensions():
    """The parser runs as `python -m app.certification.rendering.pdfcheck`, which imports the
    `app` package first: that must not load the extensions, SQLAlchemy or WeasyPrint, whose
    start-up CPU would count against every upload (importing them from app/__init__.py made it
    0.7 s)."""
    heavy = ("sqlalchemy", "flask_sqlalchemy", "flask_limiter", "flask_login", "weasyprint")
    loaded = subprocess.run(
        [sys.executable, "-E", "-s", "-c", "import sys, app.certification.rendering.pdfcheck; "
         f"print(sorted(m for m in {heavy!r} if m in sys.modules))"],
        capture_output=True, text=True, check=True, cwd=pdfcheck.ROOT).stdout.strip()
    assert loaded == "[]"
