"""The issued PDF checked as a person would: rendered to images, QR decoded, signature read back;
and the renderer cannot reach files or the network."""
import shutil
import socket
import subprocess
import threading

import pytest
import weasyprint
from pypdf import PdfReader

from app.certification import services
from app.credentials import signing
from app.certification.rendering import pdf
from app.certification.issuing import spare
from tests.factories_certification import CODES, ON, embedded_credential, stored_pdf

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("zbarimg"),
                                   reason="needs Debian's poppler-utils and zbar-tools")


def ink_share(pdf_path, page=1) -> float:
    """Share of dark pixels on a page rendered in grey at 40 dpi (PGM, no imaging library)."""
    raw = subprocess.run(["pdftoppm", "-gray", "-r", "40", "-f", str(page), "-l", str(page),
                          str(pdf_path)], capture_output=True, check=True).stdout
    header, _sep, rest = raw.partition(b"\n")  # "P5"
    dims, _sep, rest = rest.partition(b"\n")
    _maxval, _sep, pixels = rest.partition(b"\n")
    width, height = map(int, dims.split())
    pixels = pixels[:width * height]
    return sum(1 for p in pixels if p < 128) / len(pixels)


def decode_qr(pdf_path, tmp_path) -> list[str]:
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf_path),
                    str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.png"))
    found = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                            str(image)], capture_output=True, text=True)
    return found.stdout.split()


@needs_poppler
def test_issued_pdf_reads_back_and_its_qr_leads_to_the_verify_page(app, db, cert_env, trained,
                                                                   tmp_path):
    cert = services.issue_individual(trained(), CODES, None, ON)
    db.session.commit()
    path = cert_env.dir / cert.pdf_path
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert width > height and round(width / 72 * 25.4) == 297  # A4 landscape
    text = reader.pages[0].extract_text()
    assert cert.serial in text and "Certificat de formation" in text and "Certificate" in text
    for code in CODES:
        assert code in text
    assert ink_share(path) > 0.01  # not blank
    credential = embedded_credential(path.read_bytes())
    assert signing.verify(cert.payload.encode(), credential["signature"], credential["kid"])
    assert decode_qr(path, tmp_path) == [f"https://pkt.example.org/verify/{cert.token}"]


@needs_poppler
def test_the_next_certificate_takes_the_token_and_qr_code_made_while_this_one_rendered(
        app, db, cert_env, trained, tmp_path):
    app.config.update(CERT_RENDER_ISOLATED=True, CERT_RENDER_PROCESSES=1)
    spare.held.clear()
    first = services.issue_individual(trained(), CODES, None, ON)
    db.session.commit()
    (base, token, url, _qr), = spare.held  # made while the first one rendered
    assert base == app.config["PUBLIC_BASE_URL"] and token != first.token
    second = services.issue_individual(trained(), CODES, None, ON)
    db.session.commit()
    assert second.token == token and url == f"https://pkt.example.org/verify/{token}"
    assert decode_qr(cert_env.dir / second.pdf_path, tmp_path) == [url]
    assert spare.held[0][1] not in (first.token, second.token)  # used once only


def test_a_spare_token_made_for_another_address_is_not_used(app, db, cert_env, trained):
    spare.held.clear()
    spare.held.append(("https://elsewhere.example", "t" * 32,
                         "https://elsewhere.example/verify/" + "t" * 32, "data:,"))
    cert = services.issue_individual(trained(), CODES, None, ON)
    db.session.commit()
    assert cert.token != "t" * 32 and not spare.held
    assert cert.payload.count("https://pkt.example.org/verify/" + cert.token) == 1


def test_the_stored_pdf_is_served_as_stored(app, db, client, cert_env, trained, make_user,
                                            login_as):
    officer = make_user("certifying_officer")
    cert = services.issue_individual(trained(), CODES, officer, ON)
    db.session.commit()
    login_as(officer)
    response = client.get(f"/certificates/{cert.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data == stored_pdf(app, cert)
    assert response.headers["Cache-Control"] == "no-store"
    # a download, never shown inline (security.md 19), under a name the server chose
    assert response.headers["Content-Disposition"] == f"attachment; filename={cert.serial}.pdf"
    # a file changed on disk is refused rather than served
    (cert_env.dir / cert.pdf_path).write_bytes(response.data + b"%tampered")
    assert client.get(f"/certificates/{cert.id}/pdf").status_code == 410


class Canary:
    """A TCP listener on loopback that counts connections."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()


def test_renderer_fetches_only_static_files_and_data(app, tmp_path):
    assert tuple(int(x) for x in weasyprint.__version__.split(".")[:1]) >= (70,)
    secret = tmp_path / "secret.txt"
    secret.write_text("do not leak")
    canary = Canary()
    try:
        html = f"""<html><head>
          <link rel="attachment" href="file:///etc/passwd">
          <link rel="attachment" href="file://{secret}">
          <link rel="attachment" href="http://127.0.0.1:{canary.port}/a">
          <link rel="stylesheet" href="http://127.0.0.1:{canary.port}/s.css">
          <style>@import url(http://127.0.0.1:{canary.port}/i.css);
                 body {{ background: url(file://{secret}); }}</style></head>
          <body><img src="file:///etc/hostname"><img src="http://127.0.0.1:{canary.port}/x.png">
          <img src="../app/config.py"><img src="certificates/emblem.svg" alt="ok"></body></html>"""
        with app.test_request_context():
            data = pdf.render_pdf(html)
    finally:
        canary.close()
    assert data.startswith(b"%PDF")
    assert canary.hits == 0
    import io
    assert PdfReader(io.BytesIO(data)).attachments == {}
    assert b"do not leak" not in data and b"root:x:0" not in data


def test_fetcher_refuses_everything_but_static_and_data(app):
    with app.test_request_context():
        fetcher, *_rest = pdf._renderer()
        static = fetcher.root
        ok = fetcher.fetch((static / "certificates" / "emblem.svg").as_uri())
        assert b"<svg" in ok.read()
        assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
        for url in ("file:///etc/passwd", (static / ".." / "app" / "config.py").as_uri(),
                    "http://127.0.0.1:9/x", "https://example.org/x", "ftp://x/y",
                    "file://otherhost" + str(static / "app.css")):
            with pytest.raises(ValueError):
                fetcher.fetch(url)


def test_template_values_are_escaped(app):
    with app.test_request_context():
        html = pdf.render_html("certificates/pdf/individual.html", c={
            "holder": "<img src=file:///etc/passwd>", "standards": [], "qr": "data:,x",
            "serial": "S", "verify_url": "u", "state_en": "K", "state_fr": "K"})
    assert "<img src=file:///etc/passwd>" not in html
    assert "&lt;img src=file:///etc/passwd&gt;" in html
