"""Reading uploaded spreadsheets (.xlsx and .csv) for all-or-nothing imports.

A file is refused with a message in the user's language - too large, not a spreadsheet,
not UTF-8, damaged, empty - before any row is looked at; what comes back is the non-empty
rows as stripped text, the first naming the columns.
"""

import csv
import datetime
import io
import zipfile
import zlib

from django.conf import settings
from django.utils.translation import gettext as _

from .formatting import format_number


class FileRejected(Exception):
    """The upload is not a readable spreadsheet; the message says why, for the user."""


# What a damaged workbook raises while it is opened or read (lazily, row by row): a bad zip or
# deflate stream, a missing part, truncated or invalid XML (SyntaxError covers ParseError and
# lxml's XMLSyntaxError), values openpyxl cannot convert.
_BROKEN_WORKBOOK = (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError, ValueError, TypeError, SyntaxError)


def read_table(upload, *, max_rows: int, max_columns: int) -> list[list[str]]:
    """The file's non-empty rows (at most max_rows + 1, so that "too many" can be told),
    each at most max_columns wide."""
    name = (upload.name or "").lower()
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise FileRejected(
            _("The file is too large (at most %(mb)s MB).") % {"mb": format_number(settings.IMPORT_MAX_BYTES // 2**20)}
        )
    head = upload.read(8)
    upload.seek(0)
    if name.endswith(".xlsx") and head.startswith(b"PK"):
        rows = _read_xlsx(upload, max_rows=max_rows, max_columns=max_columns)
    elif name.endswith(".csv"):
        rows = _read_csv(upload)
    else:
        raise _not_a_spreadsheet()
    rows = [row[:max_columns] for row in rows if any(cell for cell in row)][: max_rows + 2]
    if not rows:
        raise FileRejected(_("The file is empty."))
    return rows


def header_key(name: str) -> str:
    """A column's name as the importers know it: 'Family name km' -> 'family_name_km'."""
    return name.strip().lower().replace(" ", "_")


def parse_date(text: str) -> datetime.date | None:
    """A date as people type it in a spreadsheet: 2025-01-15, 15/01/2025 or 15-01-2025."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def template_csv(columns) -> str:
    """An empty sheet with the column names, to download and fill."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(columns)
    return buffer.getvalue()


def _not_a_spreadsheet() -> FileRejected:
    return FileRejected(_("This is not a spreadsheet: upload an .xlsx or .csv file."))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _read_xlsx(upload, *, max_rows: int, max_columns: int) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        _check_unpacked_size(upload)
        workbook = load_workbook(upload, read_only=True, data_only=True)
        try:
            return _sheet_rows(workbook.worksheets[0], max_rows=max_rows, max_columns=max_columns)
        finally:
            workbook.close()
    except _BROKEN_WORKBOOK as error:
        raise _not_a_spreadsheet() from error


def _check_unpacked_size(upload) -> None:
    """A small zip can unpack to gigabytes: refuse before openpyxl reads it into memory."""
    with zipfile.ZipFile(upload) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    upload.seek(0)
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise FileRejected(
            _("The workbook is too large once unpacked (at most %(mb)s MB).")
            % {"mb": format_number(settings.IMPORT_MAX_UNPACKED_BYTES // 2**20)}
        )


def _sheet_rows(sheet, *, max_rows: int, max_columns: int) -> list[list[str]]:
    """The non-empty rows, at most one more than allowed.

    max_col keeps each row to the columns an import can use: without it, openpyxl pads every
    row to the width the sheet declares (up to 16,384 columns).
    """
    rows = []
    for values in sheet.iter_rows(max_col=max_columns, values_only=True):
        cells = [_cell_text(value) for value in values]
        if any(cells):
            rows.append(cells)
        if len(rows) > max_rows + 1:
            break
    return rows


def _read_csv(upload) -> list[list[str]]:
    raw = upload.read()
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected(_("The CSV file must be saved as UTF-8 text."))
    if "\0" in text:
        raise _not_a_spreadsheet()
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as error:  # a cell longer than the csv module allows, or broken quoting
        raise FileRejected(
            _("The CSV file could not be read: a cell is far too long or its quotes do not match.")
        ) from error
