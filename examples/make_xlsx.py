"""Regenerate examples/figures.xlsx (illustrative data, not published figures).

Run from anywhere:  python examples/make_xlsx.py
Needs openpyxl. Writes one sheet, "data", in the long format every dxplan data file
uses: series,year,value,note. It holds the two survey-based basic goals.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

ROWS: list[tuple[str, int, float, str | None]] = [
    # 青森県民の意識に関する調査: share (%) who feel daily life became more convenient
    ("convenience", 2022, 47.1, None),
    ("convenience", 2023, 48.5, None),
    ("convenience", 2024, 51.0, None),
    ("convenience", 2025, 53.9, "速報値"),
    # 県企画政策部調べ: share (%) of SMEs doing or considering DX
    ("sme_dx", 2022, 28.4, None),
    ("sme_dx", 2023, 31.0, None),
    ("sme_dx", 2024, 32.5, None),
    ("sme_dx", 2025, 35.2, None),
]


def main() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(["series", "year", "value", "note"])
    for row in ROWS:
        ws.append(list(row))
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["D"].width = 12
    wb.properties.creator = "dxplan examples"
    wb.properties.created = datetime(2025, 6, 1)
    out = Path(__file__).resolve().parent / "figures.xlsx"
    wb.save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
