"""
Load the 21 counties and 290 municipalities from the reference CSV.

The CSV (fixtures/reference/sweden_municipalities.csv) comes from SCB's codes via
sjbrg/swedish-geodata (CC0); see fixtures/reference/SOURCES.md.
"""

import csv
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

from core.upsert import upsert

from .models import County, Municipality

REFERENCE_CSV = Path(settings.BASE_DIR) / "fixtures" / "reference" / "sweden_municipalities.csv"
POPULATION_YEAR = 2016


def read_rows(path=REFERENCE_CSV):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def municipality_slugs(rows):
    """ASCII slugs (Trollhättan → trollhattan).

    Håbo and Habo fold to the same ASCII, so names that collide get their SCB code
    appended (habo-0305, habo-0643); every other slug is the plain name.
    """
    plain = {row["code"]: slugify(row["name"]) for row in rows}
    counts = Counter(plain.values())
    return {code: slug if counts[slug] == 1 else f"{slug}-{code}" for code, slug in plain.items()}


def load_reference_data(stats):
    rows = read_rows()
    slugs = municipality_slugs(rows)
    counties = {}
    for row in rows:
        if row["county_code"] not in counties:
            counties[row["county_code"]] = upsert(
                County, {"code": row["county_code"]}, {"name": row["county_name"]}, stats
            )
    for row in rows:
        upsert(
            Municipality,
            {"code": row["code"]},
            {
                "name": row["name"],
                "slug": slugs[row["code"]],
                "county_id": counties[row["county_code"]].pk,
                "population": int(row["population_2016"]),
                "population_year": POPULATION_YEAR,
            },
            stats,
        )
