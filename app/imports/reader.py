"""Reading an uploaded roster or results file into rows of text, or refusing it whole. Pure.

Accepted (documented for users on the upload page and in the templates):
* CSV encoded as **UTF-8, with or without a byte-order mark** (Excel's "CSV UTF-8"); any other
  encoding (UTF-16, Windows-1252, Latin-1...) is refused with the position of the first bad byte.
  Comma, semicolon or tab separated (taken from the header line).
* XLSX (Office Open XML workbook): the first worksheet; the first row is the header.
* At most `MAX_BYTES` bytes and `MAX_ROWS` data rows; fields up to `MAX_FIELD` characters.
"""
import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

MAX_BYTES = 8 * 1024 * 1024
MAX_NAME = 200  # characters of an upload's file name kept (its end, with the extension)
MAX_ROWS = 10_000
MAX_FIELD = 1_000  # no column is longer; csv's own limit (131,072) is caught too
MAX_XLSX_UNPACKED = 64 * 1024 * 1024  # refuse zip bombs before parsing
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls


class FileRefused(Exception):
    """The whole file is refused. `code` is stable; `params` fill the user message."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class RawFile:
    headers: list[str]  # normalised column names, in file order
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line, values)
    problems: list[tuple[int, str | None, str, dict]] = field(default_factory=list)


def normalise_header(name) -> str:
    text = "" if name is None else str(name)
    return "_".join(text.replace("\ufeff", "").strip().lower().replace("-", " ").split())


def clean_filename(filename: str | None) -> str:
    """An uploaded file's name as stored and shown: the last path part only, without control,
    format (right-to-left override, zero-width...) or unassigned characters, spacing collapsed,
    at most MAX_NAME characters (its end, so the extension stays); "upload" if nothing is left.
    It never names a path on this server."""
    text = unicodedata.normalize("NFC", filename or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(" " if c.isspace() else c for c in text
                   if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
                   or c.isspace())
    text = " ".join(text.split()).strip(" .")
    return text[-MAX_NAME:].lstrip(" ") or "upload"


def read_upload(filename: str, data: bytes, known_columns: set[str],
                required_columns: set[str]) -> RawFile:
    """Decode, parse and check the header of an uploaded file. Raises FileRefused."""
    if len(data) > MAX_BYTES:
        raise FileRefused("too_large", mb=MAX_BYTES // (1024 * 1024))
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not body.strip():
        raise FileRefused("empty")
    name = clean_filename(filename).lower()
    if data.startswith(OLE_MAGIC) or name.endswith(".xls"):
        raise FileRefused("legacy_xls")
    if name.endswith(".xlsx") or data.startswith(XLSX_MAGIC):
        if not name.endswith(".xlsx"):
            raise FileRefused("wrong_extension")
        raw = _read_xlsx(data)
    elif name.endswith(".csv") or name.endswith(".txt"):
        raw = _read_csv(data)
    else:
        raise FileRefused("wrong_extension")
    _check_headers(raw.headers, known_columns, required_columns)
    if not raw.rows and not raw.problems:
        raise FileRefused("no_rows")
    return raw


def _check_headers(headers: list[str], known: set[str], required: set[str]) -> None:
    if not any(headers):
        raise FileRefused("no_header")
    seen, twice = set(), []
    for h in headers:
        if h and h in seen:
            twice.append(h)
        seen.add(h)
    unknown = [h for h in headers if h and h not in known]
    missing = sorted(required - seen)
    if twice:
        raise FileRefused("duplicate_columns", columns=", ".join(twice))
    if missing or unknown:
        raise FileRefused("wrong_headers", missing=", ".join(missing) or "-",
                          unknown=", ".join(unknown) or "-")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused("utf16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise FileRefused("not_utf8", byte=f"0x{data[error.start]:02X}", line=line) from None
    if "\x00" in text:
        raise FileRefused("nul_byte", line=text[:text.index("\x00")].count("\n") + 1)
    return text


def _read_csv(data: bytes) -> RawFile:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise FileRefused("bad_csv", line=1, detail=str(error)) from None
    if header is None:
        raise FileRefused("empty")
    raw = RawFile([normalise_header(h) for h in header])
    width = len(raw.headers)
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise FileRefused("field_too_large", line=reader.line_num,
                                  limit=csv.field_size_limit()) from None
            raise FileRefused("bad_csv", line=reader.line_num, detail=str(error)) from None
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if len(raw.rows) + len(raw.problems) >= MAX_ROWS:
            raise FileRefused("too_many_rows", limit=MAX_ROWS)
        _add_row(raw, start, record, width)
    return raw


def _add_row(raw: RawFile, line: int, record: list, width: int) -> None:
    if len(record) > width and any(str(v).strip() for v in record[width:]):
        raw.problems.append((line, None, "too_many_fields", {"found": len(record),
                                                             "expected": width}))
        return
    values = {}
    for name, value in zip(raw.headers, record):
        text = _text(value)
        if len(text) > MAX_FIELD:
            raw.problems.append((line, name, "field_too_long", {"limit": MAX_FIELD}))
            text = text[:MAX_FIELD]
        if name:
            values[name] = text
    raw.rows.append((line, values))


def _text(value) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> RawFile:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise FileRefused("xlsx_too_large", mb=MAX_XLSX_UNPACKED // (1024 * 1024))
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileRefused:
        raise
    except Exception:  # openpyxl raises many types on a damaged or foreign file
        raise FileRefused("bad_xlsx") from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise FileRefused("empty")
        headers = [normalise_header(h) for h in header]
        while headers and not headers[-1]:
            headers.pop()
        raw = RawFile(headers)
        for number, record in enumerate(rows, start=2):
            if not any(_text(v) for v in record):
                continue
            if len(raw.rows) + len(raw.problems) >= MAX_ROWS:
                raise FileRefused("too_many_rows", limit=MAX_ROWS)
            _add_row(raw, number, list(record), len(headers))
        return raw
    except FileRefused:
        raise
    except Exception:
        raise FileRefused("bad_xlsx") from None
    finally:
        book.close()
