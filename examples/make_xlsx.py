"""Regenerate examples/figures.xlsx (illustrative data, not published figures).

Run from anywhere:  python examples/make_xlsx.py
Needs openpyxl. Writes the workbook as a statistics section would send it: a sheet of
explanations first, then the sheet 統計 with the years across the columns (a wide table,
docs/data.md) and each series' source (出典). It holds the two survey-based basic goals.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

YEARS = ["令和4年度", "令和5年度", "令和6年度", "令和7年度"]  # fiscal 2022-2025
ROWS: list[tuple[str, list[float], str, str | None]] = [
    # share (%) who feel daily life became more convenient
    ("convenience", [47.1, 48.5, 51.0, 53.9], "青森県民の意識に関する調査",
     "令和7年度は速報値"),
    # share (%) of SMEs doing or considering DX
    ("sme_dx", [28.4, 31.0, 32.5, 35.2], "県企画政策部調べ", None),
]


def main() -> None:
    wb = Workbook()
    about = wb.active
    about.title = "説明"
    about.append(["青森県DX推進プラン 基本目標の実績値(例示値、公表値ではありません)"])
    about.append(["「統計」シートの各行が指標、各列が年度。単位はいずれも %。"])
    about["A1"].font = Font(bold=True)
    ws = wb.create_sheet("統計")
    ws.append(["指標", *YEARS, "出典", "備考"])
    for series, values, source, note in ROWS:
        ws.append([series, *values, source, note])
    for column, width in zip("ABCDEFG", (14, 11, 11, 11, 11, 28, 18), strict=True):
        ws.column_dimensions[column].width = width
    wb.properties.creator = "dxplan examples"
    wb.properties.created = datetime(2025, 6, 1)
    out = Path(__file__).resolve().parent / "figures.xlsx"
    wb.save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
