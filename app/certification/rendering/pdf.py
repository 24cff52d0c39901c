"""Certificate PDFs: render once with WeasyPrint through a locked-down URL fetcher, with the
signed credentials embedded as the PDF is written (bulk: as each page is split off); read them
back.

Every PDF is written as PDF/A-3b (PDF_VARIANT), its credentials attached as associated files
(FILES: the relationship and description of each); the PDFs split from a bulk render are made
PDF/A-3b alike (app/certification/rendering/pdfa.py). README "Certificate PDFs" says how this is
checked.

The fetcher serves only files under the app's static/ folder and `data:` URIs; `file://` elsewhere,
`http(s)://` and every other scheme are refused (and logged by WeasyPrint), so a template cannot
read local files or reach the network. One parsed stylesheet and one FontConfiguration are reused
for every render; renders are serialised by a lock (Pango/fontconfig are not thread-safe).
"""
import importlib.resources
import io
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from flask import current_app, render_template
from markupsafe import escape
from pypdf import PdfReader, PdfWriter
from weasyprint import CSS, HTML, Attachment
from weasyprint.css import ColorProfile
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from app.certification.rendering import pdfa
from app.credentials.certificates import FILE_NAME as OPEN_BADGE_NAME

CREDENTIAL_NAME = "credential.json"
PDF_VARIANT = "pdf/a-3b"
OUTPUT_INTENT = "pkt-srgb"  # the document's only colour profile: the output intent's
# Each file a certificate carries: its PDF/A-3 relationship to the document, and a description.
FILES = {
    CREDENTIAL_NAME: ("Source", "The signed record this certificate is printed from "
                                "(Ed25519 signature over RFC 8785 canonical JSON)"),
    OPEN_BADGE_NAME: ("Alternative", "This certificate as an Open Badges 3.0 verifiable "
                                     "credential (eddsa-rdfc-2022 proof)"),
}
STYLESHEET = "certificates/print.css"
# A page using what a certificate uses: the fonts' regular, bold and italic faces, the emblem
# (an SVG image), a table.
WARM_UP = ('<section class="cert"><img src="certificates/emblem.svg" alt=""><h1>Aa</h1>'
           '<p>Bb <strong>Cc</strong> <span class="fr">Dd é</span></p><table class="standards">'
           '<tr><th>Ee</th><td>Ff</td></tr></table></section>')
_lock = threading.RLock()
_cache: dict = {}


class RenderError(RuntimeError):
    """The PDF could not be rendered (includes WeasyPrint's fatal fetch errors)."""


class StaticOnlyFetcher(URLFetcher):
    """Serves `data:` URIs and files under `root`; refuses everything else."""

    def __init__(self, root: str | Path):
        super().__init__(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False)
        self.root = Path(root).resolve()

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise ValueError(f"refused: {url}")
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
        raise ValueError(f"refused: {url}")


def _renderer(static_folder: str | None = None):
    """(fetcher, font configuration, stylesheet, base URL) for the app's static folder (or
    `static_folder`, in a render worker process), built once per process and reused."""
    static = Path(static_folder or current_app.static_folder).resolve()
    css_path = static / STYLESHEET
    key = (str(static), css_path.stat().st_mtime_ns)
    if _cache.get("key") != key:
        fetcher = StaticOnlyFetcher(static)
        fonts = FontConfiguration()
        css = CSS(string=css_path.read_text(encoding="utf-8"), base_url=static.as_uri() + "/",
                  url_fetcher=fetcher, font_config=fonts)
        _cache.update(key=key, value=(fetcher, fonts, css, static.as_uri() + "/"))
    return _cache["value"]


def qr_data_uri(url: str) -> str:
    """The verify URL as a QR code (error correction M), an SVG `data:` URI."""
    return segno.make(url, error="m", micro=False).svg_data_uri(border=2, dark="#000")


def render_html(template: str, **context) -> str:
    """Certificate HTML from an app template (.html: autoescaped); context holds plain values."""
    return render_template(template, **context)


def layout(html: str, static_folder: str | None = None, extra: tuple = ()):
    """Lay out `html` as a WeasyPrint Document (pages), converting every failure to RenderError.
    `extra`: more stylesheets (weasyprint.CSS), after the certificates' own."""
    fetcher, fonts, css, base_url = _renderer(static_folder)
    try:
        with _lock:
            return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                stylesheets=[css, *extra], font_config=fonts)
    except FatalURLFetchingError as exc:  # a BaseException: `except Exception` would miss it
        raise RenderError(f"a resource could not be fetched: {exc}") from exc
    except Exception as exc:
        raise RenderError(f"rendering failed: {exc}") from exc


def _about(name: str) -> tuple[str, str | None]:
    return FILES.get(name, ("Unspecified", None))


def _srgb():
    """WeasyPrint's own sRGB profile for the PDF/A output intent, read once. (Asked for by name,
    WeasyPrint 70 opens the profile's file for every PDF it writes and never closes it.)"""
    if "srgb" not in _cache:
        with (importlib.resources.files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as icc:
            _cache["srgb"] = ColorProfile(icc, "sRGB2014.icc", "relative-colorimetric",
                                          (["r"], ["g"], ["b"]))
    return _cache["srgb"]


def write(document, pages=None, attachments: dict[str, bytes] | None = None) -> bytes:
    """PDF/A-3b bytes of `document` (or of a subset of its pages), with `attachments` (name:
    bytes) embedded as associated files by WeasyPrint as it writes (no second pass)."""
    try:
        files = [Attachment(string=data, name=name, relationship=_about(name)[0],
                            description=_about(name)[1])
                 for name, data in (attachments or {}).items()]
        with _lock:
            doc = document if pages is None else document.copy(pages)
            doc.color_profiles.setdefault(OUTPUT_INTENT, _srgb())
            return doc.write_pdf(attachments=files, pdf_variant=PDF_VARIANT,
                                 output_intent=OUTPUT_INTENT)
    except FatalURLFetchingError as exc:
        raise RenderError(f"a resource could not be fetched: {exc}") from exc
    except Exception as exc:
        raise RenderError(f"writing the PDF failed: {exc}") from exc


def render_pdf(html: str, static_folder: str | None = None,
               attachments: dict[str, bytes] | None = None) -> bytes:
    return write(layout(html, static_folder), attachments=attachments)


def warm_up(static_folder: str | None = None) -> None:
    """Render a small document with the certificates' stylesheet, fonts and emblem, so that what
    WeasyPrint loads on a first render is loaded once (a render worker does this when it starts:
    each render then runs in a child forked from it)."""
    render_pdf(WARM_UP, static_folder)


def split(document_pdf: bytes, attachments: list[dict[str, bytes]] | None = None) -> list[bytes]:
    """One single-page PDF/A-3b per page of `document_pdf` (a PDF/A-3b: `write`), cut by pypdf,
    each with its own files from `attachments` (one dict per page) embedded as it is written."""
    reader = PdfReader(io.BytesIO(document_pdf))
    pages = []
    for n, page in enumerate(reader.pages):
        writer = PdfWriter()
        writer.add_page(page)
        pdfa.carry_over(reader, writer)
        for name, data in (attachments[n] if attachments else {}).items():
            pdfa.attach(writer, name, data, *_about(name))
        out = io.BytesIO()
        writer.write(out)
        pages.append(out.getvalue())
    return pages


def render_batch(html: str, items: list[tuple[str, str, dict[str, bytes]]],
                 static_folder: str | None = None) -> tuple[bytes, list[bytes]]:
    """Render many one-page certificates as ONE document, then cut it into one PDF each with its
    files attached. `items`: (QR placeholder in `html`, verify URL, {file name: bytes}) per
    page, in order. Runs in a render worker process for bulk jobs, so the QR codes, the split and
    the attachments are made in parallel too. Returns (the whole document, the PDFs)."""
    for placeholder, url, _files in items:
        if placeholder not in html:
            raise RenderError("a certificate's QR code has no place in the document")
        html = html.replace(placeholder, str(escape(qr_data_uri(url))), 1)
    document = layout(html, static_folder)
    if len(document.pages) != len(items):
        raise RenderError(f"{len(items)} certificates laid out on {len(document.pages)} pages")
    whole = write(document)
    return whole, split(whole, [files for _p, _u, files in items])
