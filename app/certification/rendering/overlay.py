"""Bulk certificates: the page that members of a unit share laid out once, each person's own text
and QR code drawn over it.

Most members of a unit hold the same standards, so their certificates differ only in the
elements the templates mark with `data-slot` (the holder's name, the serial, the expiry date, each
standard's date, the verify address and its QR code). For each shared layout (`layout_key`: every
printed value but those, and the name's size class) a render worker lays out ONE template page
with WeasyPrint: a real member's certificate with its slots hidden (they keep their place), plus
a second page, dropped, that prints every character the batch's slots need in the slots' own
styles, so the fonts WeasyPrint embeds hold their glyphs. For each person the worker then lays
out the slot texts alone with WeasyPrint's own text code (Pango: the same glyphs, kerning and
widths as a full layout), draws them at the slots' places with WeasyPrint's text drawing, draws
the QR code's modules as rectangles, and adds that small content stream to the shared page (one
PDF/A-3b per person, its files attached, and one document of the batch's pages sharing fonts and
images: the merged download).

A person falls back to a full layout (`pdf.render_batch`) when anything would differ from it: a
text that needs another line or another font, a glyph missing from the template's fonts, a slot
that shares its line with other text and changes width, a value with spaces HTML would collapse,
or a layout only that person has (another standards set) in a batch without a cached template.
tests/integration/certification/test_overlay.py compares every fast page with a full render
of the same certificate. Figures: docs/performance.md.
"""
import io
import json
import logging
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from types import SimpleNamespace

import segno
from markupsafe import escape
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject, StreamObject

from app.certification.rendering import pdf, pdfa

# The context fields each slot prints (the templates mark their elements data-slot="name"; a slot
# named in STANDARD_SLOTS is one element per standard, in order).
SLOTS = ("holder", "serial", "expires_on", "verify_url")
STANDARD_SLOTS = {"date": "date"}
QR_SLOT = "qr"
HIDE_SLOTS = "section.cert:first-of-type [data-slot] { visibility: hidden }"
# Characters a template's fonts always hold for the name (so that one template serves a unit):
# ASCII, Latin-1 and Latin Extended-A letters; others are added for the batch that needs them.
NAME_REPERTOIRE = "".join(chr(c) for c in [*range(0x21, 0x7F), *range(0xC0, 0x180)]
                          if chr(c) not in "×÷")
BLANK = ("data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'"
         "%20width='1'%20height='1'/%3E")  # the QR code on the template's second page
OWN_SCRIPTS_END = 0x0530  # Latin, Greek and Cyrillic end here (Armenian follows)
MIN_GROUP = 3  # a layout shared by fewer members of a batch is laid out in full (unless cached)
CACHED = 4  # templates a worker keeps
_templates: OrderedDict = OrderedDict()
drawn = Counter()  # pages this process made: "overlaid" on a template, or laid out in "full"
_HOLDER_CLASS = re.compile(r'class="holder([^"]*)"')


@dataclass
class Item:
    """One certificate of a batch: its section of the bulk document, the QR placeholder in it,
    its verify URL, the files its PDF carries, its shared layout and its slot values."""

    section: str
    placeholder: str
    url: str
    files: dict
    key: str
    values: dict
    pool: str = ""  # a section printing every character the key's items need (set per batch)


def layout_key(context: dict, section: str) -> str:
    """What a certificate shares with others laid out alike: its context without the slot
    values, the standards without their dates, and the name's size class (from its section)."""
    shared = {k: v for k, v in context.items() if k not in SLOTS and k not in ("qr", "standards")}
    shared["standards"] = [{k: v for k, v in s.items() if k not in STANDARD_SLOTS.values()}
                           for s in context["standards"]]
    size = _HOLDER_CLASS.search(section)
    shared["holder_class"] = size.group(1) if size else None
    return json.dumps(shared, sort_keys=True, default=str)


def slot_values(context: dict) -> dict:
    values = {name: str(context[name]) for name in SLOTS}
    for slot, name in STANDARD_SLOTS.items():
        values[slot] = [str(s[name]) for s in context["standards"]]
    return values


def pool_context(context: dict, items_values: list[dict]) -> dict:
    """`context` with each slot printing every character any of `items_values` needs in it (the
    name: NAME_REPERTOIRE too), in runs that can wrap: the template's second page."""
    def chars(name, extra=""):
        found = set(extra)
        for values in items_values:
            value = values[name]
            found.update("".join(value) if isinstance(value, list) else value)
        found.discard(" ")
        text = "".join(sorted(found))
        return " ".join(text[i:i + 12] for i in range(0, len(text), 12)) or "0"

    pooled = dict(context, qr=BLANK)
    for name in SLOTS:
        pooled[name] = chars(name, NAME_REPERTOIRE if name == "holder" else "")
    for slot, name in STANDARD_SLOTS.items():
        text = chars(slot)
        pooled["standards"] = [{**s, name: text} for s in context["standards"]]
    return pooled


def needed_chars(values: dict) -> set[str]:
    found = set()
    for value in values.values():
        found.update("".join(value) if isinstance(value, list) else value)
    return found - {" "}


@dataclass
class Slot:
    box: object  # the template's TextBox
    block_x: float
    block_width: float
    align: float | None  # 0 left, .5 centre, 1 right; None: shares its line (same width only)
    metrics: tuple  # (height, baseline) of the template's text laid out alone: a text laid out
    # alone with others (another font) would change the line


@dataclass
class Template:
    reader: PdfReader
    slots: dict  # name: one [Slot] (its lines) per element marked data-slot=name, in order
    qr: tuple  # x, y, width, height (CSS px)
    glyphs: dict  # font resource name: glyph ids its embedded subset holds
    states: set  # ExtGState names of the page's resources
    chars: set
    height: float  # page height, pt
    rectangle: tuple
    fonts: dict = field(default_factory=dict)  # WeasyPrint Font objects, by Pango key


class Unfit(Exception):
    """This person's certificate cannot be drawn over the template: lay it out in full."""


def render_batch(shell: str, items: list[Item], static_folder: str | None = None
                 ) -> tuple[bytes, list[bytes]]:
    """Like pdf.render_batch: (one document of every page, one PDF/A-3b per item with its files),
    in order; the pages drawn over a shared template where they fit, laid out in full if not."""
    groups: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        groups.setdefault(item.key, []).append(n)
    fast: dict[int, tuple[Template, bytes]] = {}
    for key, members in groups.items():
        template = _template(shell, [items[n] for n in members], static_folder)
        if template is None:
            continue
        for n in members:
            try:
                fast[n] = (template, _overlay(template, items[n]))
            except Unfit:
                pass
    full = [n for n in range(len(items)) if n not in fast]
    drawn.update(overlaid=len(fast), full=len(full))
    full_pages, source = {}, None
    if full:
        html = _document(shell, [items[n].section for n in full])
        whole, pages = pdf.render_batch(html, [(items[n].placeholder, items[n].url,
                                                 items[n].files) for n in full], static_folder)
        full_pages = dict(zip(full, pages))
        source = PdfReader(io.BytesIO(whole))
    document, outputs = PdfWriter(), []
    for n, item in enumerate(items):
        if n in full_pages:
            outputs.append(full_pages[n])
            document.add_page(PdfReader(io.BytesIO(full_pages[n])).pages[0])
            continue
        template, content = fast[n]
        outputs.append(_single(template, content, item.files))
        _add_page(document, template, content)
        source = source or template.reader
    if source is not None:
        pdfa.carry_over(source, document)  # the document is PDF/A-3b too
    out = io.BytesIO()
    document.write(out)
    return out.getvalue(), outputs


def _document(shell: str, sections: list[str]) -> str:
    """The bulk document of `sections` (bulk.html rendered with no certificate: its body is two
    line breaks, and the sections go between them, as bulk.html prints them)."""
    at = shell.rindex("\n</body>")
    return shell[:at] + "".join(sections) + shell[at:]


def _template(shell: str, items: list[Item], static_folder) -> Template | None:
    key = (static_folder, items[0].key)
    needed = set().union(*(needed_chars(item.values) for item in items))
    template = _templates.get(key)
    if template is not None and needed <= template.chars:
        _templates.move_to_end(key)
        return template
    if template is None and len(items) < MIN_GROUP:
        return None
    first = template_member(items)
    qr = str(escape(pdf.qr_data_uri(first.url)))
    html = _document(shell, [first.section, items[0].pool]).replace(first.placeholder, qr)
    try:
        template = _build(html, first, static_folder)
    except (Unfit, pdf.RenderError) as exc:
        logging.getLogger(__name__).info("no template for %d certificates: %s", len(items), exc)
        return None
    template.chars = needed  # what its second page printed (at least)
    _templates[key] = template
    while len(_templates) > CACHED:
        _templates.popitem(last=False)
    return template


def template_member(items: list[Item]) -> Item:
    """The member whose certificate sets the slots' places: the shortest name (a long one may
    wrap) in the scripts the certificate's own font draws. A name in another script is drawn
    with whatever fallback font the machine has, whose line height no other name shares."""
    return min(items, key=lambda item: (not own_script(item.values["holder"]),
                                        len(item.values["holder"]), item.values["holder"]))


def own_script(text: str) -> bool:
    """Latin, Greek and Cyrillic only: what DejaVu Sans, the certificates' font, draws."""
    return all(ord(char) < OWN_SCRIPTS_END for char in text)


def _build(html: str, first: Item, static_folder) -> Template:
    from weasyprint import CSS
    from weasyprint.formatting_structure import boxes

    document = pdf.layout(html, static_folder, extra=[CSS(string=HIDE_SLOTS)])
    if len(document.pages) < 2:
        raise Unfit("the template has no second page")
    page = document.pages[0]
    found: dict[str, list] = {}
    qr = []

    def walk(box, block, line):
        element = getattr(box, "element", None)
        slot = element.get("data-slot") if element is not None else None
        if isinstance(box, boxes.TextBox) and slot:
            found.setdefault(slot, []).append((element, box, block, line))
        elif slot == QR_SLOT and isinstance(box, boxes.ReplacedBox):
            qr.append((box.content_box_x(), box.content_box_y(), box.width, box.height))
        if isinstance(box, boxes.LineBox):
            line = box
        elif isinstance(box, boxes.BlockContainerBox):
            block = box
        for child in getattr(box, "children", ()):
            walk(child, block, line)

    walk(page._page_box, None, None)
    if len(qr) != 1:
        raise Unfit("no single QR code slot")
    slots = {}
    for name, entries in found.items():
        lines: dict[int, list] = {}  # each element's lines, in order
        for element, box, block, line in entries:
            lines.setdefault(id(element), []).append(_slot(box, block, line))
        expected = first.values.get(name)
        expected = expected if isinstance(expected, list) else [expected]
        texts = ["".join(line.box.text for line in element) for element in lines.values()]
        if [t.replace(" ", "") for t in texts] != [t.replace(" ", "") for t in expected]:
            raise Unfit(f"slot {name} prints {texts!r}")
        slots[name] = list(lines.values())
    if set(slots) != set(first.values):
        raise Unfit("the template's slots are not the values'")
    pdf_bytes = pdf.write(document)
    reader = PdfReader(io.BytesIO(pdf_bytes))
    base = reader.pages[0]
    resources = base["/Resources"]
    glyphs = {}
    for name, font in resources["/Font"].items():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        glyphs[name.lstrip("/")] = _cids(descendant.get("/W", []))
    states = {name.lstrip("/") for name in resources.get("/ExtGState", {})}
    return Template(reader=reader, slots=slots, qr=qr[0], glyphs=glyphs, states=states,
                    chars=set(), height=float(base.mediabox.height),
                    rectangle=(0, 0, page.width, page.height))


def _slot(box, block, line) -> Slot:
    texts = []

    def collect(b):
        from weasyprint.formatting_structure import boxes
        if isinstance(b, boxes.TextBox):
            texts.append(b)
        for child in getattr(b, "children", ()):
            collect(child)

    collect(line)
    align = {"left": 0.0, "start": 0.0, "center": 0.5, "right": 1.0, "end": 1.0}.get(
        block.style["text_align_all"])
    if texts != [box] or align is None or \
            abs(block.content_box_x() + align * (block.width - box.width) - box.position_x) > 0.01:
        align = None  # not alone on its line: drawn only at the same width
    box = box.copy()  # drawn: its style as in the template, but visible
    box.style = box.style.copy()
    box.style["visibility"] = "visible"
    _layout, _length, _resume, _width, height, baseline = _line(box.text, box, block.width)
    return Slot(box=box, block_x=block.content_box_x(), block_width=block.width, align=align,
                metrics=(height, baseline))


def _line(text: str, box, width: float):
    """WeasyPrint's first line of `text` in `box`'s style, at most `width` wide."""
    from weasyprint.text.line_break import split_first_line

    return split_first_line(text, box.style, SimpleNamespace(dictionaries={}), width, 0)


def _cids(widths) -> set[int]:
    """The glyph ids a CIDFont's /W array gives widths for."""
    cids, n = set(), 0
    while n < len(widths):
        first, nxt = int(widths[n]), widths[n + 1]
        if isinstance(nxt, list) or hasattr(nxt, "__iter__"):
            cids.update(range(first, first + len(nxt)))
            n += 2
        else:
            cids.update(range(first, int(nxt) + 1))
            n += 3
    return cids


def _overlay(template: Template, item: Item) -> bytes:
    """The content stream that draws `item`'s slot texts and QR code over the template page."""
    import pydyf
    from weasyprint.pdf.stream import Stream

    resources = {"ExtGState": pydyf.Dictionary(), "XObject": pydyf.Dictionary()}
    stream = Stream(template.fonts, template.rectangle, resources, {}, None, {}, None)
    stream.transform(d=-1, f=template.height)
    stream.transform(a=0.75, d=0.75)
    for font in template.fonts.values():
        font.to_unicode.clear()
        font.missing.clear()
    for name, slots in template.slots.items():
        values = item.values[name]
        values = values if isinstance(values, list) else [values]
        if len(values) != len(slots):
            raise Unfit(f"{len(values)} values for {len(slots)} {name} slots")
        for lines, text in zip(slots, values):
            if not text or text != " ".join(text.split()):
                raise Unfit("a value HTML would print otherwise")
            _draw(stream, name, lines, text)
    for font in template.fonts.values():
        if font.missing:
            raise Unfit("a character no font holds")
        if font.to_unicode and not set(font.to_unicode) <= template.glyphs.get(font.hash, set()):
            raise Unfit("a glyph the template's fonts do not hold")
    if not set(resources["ExtGState"]) <= template.states:
        raise Unfit("a graphics state the template does not have")
    _qr(stream, item.url, template.qr)
    return b"\n".join(part if isinstance(part, bytes) else str(part).encode()
                      for part in stream.stream)


def _draw(stream, name: str, lines: list[Slot], text: str) -> None:
    """Draw `text` on the template's `lines` of one slot element, broken where WeasyPrint
    breaks it (Unfit if it takes another number of lines, or lines of other heights)."""
    from weasyprint.draw.text import draw_text

    rest = text
    for n, slot in enumerate(lines):
        last = n == len(lines) - 1
        tb = slot.box
        layout, length, resume, width, height, baseline = _line(rest, tb, slot.block_width)
        if (resume is None) != last or (last and length != len(rest.encode())) or \
                (height, baseline) != slot.metrics:
            raise Unfit(f"{name} does not take the template's lines")
        if slot.align is None:
            if abs(width - tb.width) > 0.01:
                raise Unfit(f"{name} changes width beside other text")
            x = tb.position_x
        else:
            x = slot.block_x + slot.align * (slot.block_width - width)
        box = tb.copy()
        box.text, box.pango_layout, box.width, box.position_x = \
            rest.encode()[:length].decode(), layout, width, x
        draw_text(stream, box, 0, "clip", "none")
        if not last:
            rest = rest.encode()[resume:].decode()


def _qr(stream, url: str, where: tuple) -> None:
    """The verify URL's QR code (as pdf.qr_data_uri makes it: error correction M, border 2) as
    black rectangles over the image slot, one per run of dark modules in a row."""
    x, y, width, height = where
    code = segno.make(url, error="m", micro=False)
    rows = list(code.matrix_iter(scale=1, border=2))
    size = len(rows)
    mw, mh = width / size, height / size
    stream.push_state()
    stream.set_color_rgb(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < size:
            if row[c]:
                start = c
                while c < size and row[c]:
                    c += 1
                stream.rectangle(x + start * mw, y + r * mh, (c - start) * mw, mh)
            else:
                c += 1
    stream.fill()
    stream.pop_state()


def _stream(writer: PdfWriter, data: bytes, compress: bool = False):
    stream = StreamObject()
    stream.set_data(data)
    return writer._add_object(stream.flate_encode(level=6) if compress else stream)


def _add_page(writer: PdfWriter, template: Template, content: bytes):
    """The template's page added to `writer`, its content wrapped in q/Q and `content` after."""
    page = writer.add_page(template.reader.pages[0])
    if not getattr(writer, "_pkt_wrap", None):  # the q and Q, once per file
        writer._pkt_wrap = (_stream(writer, b"q\n"), _stream(writer, b"\nQ\n"))
    wrap = writer._pkt_wrap
    base = page.raw_get("/Contents")
    parts = list(base) if isinstance(base, ArrayObject) else [base]
    page[NameObject("/Contents")] = ArrayObject([wrap[0], *parts, wrap[1],
                                                 _stream(writer, content, compress=True)])
    return page


def _single(template: Template, content: bytes, files: dict) -> bytes:
    writer = PdfWriter()
    _add_page(writer, template, content)
    pdfa.carry_over(template.reader, writer)
    for name, data in files.items():
        pdfa.attach(writer, name, data, *pdf._about(name))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
