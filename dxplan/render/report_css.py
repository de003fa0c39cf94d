"""The HTML report's style sheet, inlined into the file (no external request, no web font).

Light backgrounds only, so it prints on A4 as it shows. Printed, the sections flow on
from page to page: no section is forced onto a page of its own, since that would leave
the page before it part-empty whenever the section before is short. What must not be cut
(a card, a chart, a table row, a KPI's section, a roadmap part with its heading) is kept
whole, and a heading stays with what follows it; each such block is well under half a
page, so no page is left half-empty (tests/test_report_browser.py prints and measures).
Fonts are the ones a Japanese office PC has (Windows, macOS) or a Linux desktop ships;
none is downloaded.
"""

from __future__ import annotations

from typing import Final

# status colours: a light fill with a dark text of the same hue, readable in greyscale; the
# workbook (xlsx.py) fills its status cells with the same
STATUS_COLOURS: Final = {
    "achieved": ("#0b5d2a", "#d6f0df"),
    "on_track": ("#17663a", "#e6f5ec"),
    "behind": ("#7a5200", "#fff1c7"),
    "stalled": ("#8f3b00", "#ffe3cc"),
    "regressing": ("#a3161a", "#fde2e2"),
    "no_data": ("#4a4f57", "#eceef1"),
    "reference": ("#4a4f57", "#f4f5f7"),
    "insufficient_data": ("#5b2a86", "#efe5f8"),
}

# a roadmap project's status in the colour of the measure status it is closest to
PROJECT_COLOURS: Final = {
    "not_started": STATUS_COLOURS["no_data"],
    "on_track": STATUS_COLOURS["on_track"],
    "delayed": STATUS_COLOURS["behind"],
    "completed": STATUS_COLOURS["achieved"],
    "suspended": STATUS_COLOURS["regressing"],
    "unreported": STATUS_COLOURS["insufficient_data"],
}

_BADGES = "\n".join(
    [f".s-{name} {{ color: {fg}; background: {bg}; }}"
     for name, (fg, bg) in STATUS_COLOURS.items()]
    + [f".p-{name} {{ color: {fg}; background: {bg}; }}"
       for name, (fg, bg) in PROJECT_COLOURS.items()])

CSS: Final = """
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { color-scheme: light; }
body {
  margin: 0 auto; max-width: 1120px; padding: 24px; color: #1b1f24; background: #fff;
  font: 14px/1.6 "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic UI", "Yu Gothic",
    "YuGothic", Meiryo, "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic",
    sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
header { border-bottom: 3px solid #1f4e79; padding-bottom: 10px; margin-bottom: 8px; }
.eyebrow { margin: 0; color: #1f4e79; font-weight: 700; letter-spacing: 0.1em; }
h1 { font-size: 26px; margin: 2px 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; padding-left: 10px; border-left: 6px solid #1f4e79;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 15px; margin: 0 0 6px; break-after: avoid; page-break-after: avoid; }
h3 a { color: inherit; text-decoration: none; }
h3.field { margin: 16px 0 8px; padding-bottom: 2px; border-bottom: 1px solid #c9d1db; }
.field-index { font-weight: 400; color: #46505c; margin-left: 8px; }
.period, .headline, .note, .written { margin: 2px 0; }
.written { font-size: 12.5px; color: #333a44; }
.banner { margin: 8px 0; padding: 6px 10px; border: 2px solid #a3161a; border-radius: 4px;
  background: #fde2e2; color: #5c0b0d; font-size: 13px; }
.banner strong { margin-right: 6px; }
.plan-note { margin: 6px 0; padding: 4px 10px; border-left: 4px solid #9aa4af;
  background: #f4f5f7; font-size: 13px; }
.source { font-size: 11px; color: #46505c; }
p.source { margin: 6px 0 0; }
td.source { min-width: 9em; }
td.sub { padding-left: 20px; }
tr.group > td { font-weight: 700; background: #f7f9fb; }
.part { break-inside: avoid; page-break-inside: avoid; }
.part.long { break-inside: auto; page-break-inside: auto; }
.vision { margin: 6px 0; font-size: 16px; font-weight: 700; color: #1f4e79; }
.note { font-size: 12px; color: #46505c; }
.cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px; }
.card { border: 1px solid #c9d1db; border-radius: 6px; padding: 10px 12px; background: #fff;
  break-inside: avoid; page-break-inside: avoid; }
.card h3 { font-size: 13.5px; line-height: 1.45; min-height: 3.9em; }
.big { font-size: 28px; font-weight: 700; margin: 0; line-height: 1.2;
  font-variant-numeric: tabular-nums; }
.unit { font-size: 13px; font-weight: 400; color: #46505c; margin-left: 3px; }
.small { font-size: 12px; margin: 4px 0 0; color: #333a44; }
.badges { margin: 6px 0 0; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px;
  font-weight: 700; border: 1px solid currentColor; white-space: nowrap; }
.grade { font-size: 12px; font-weight: 700; white-space: nowrap; }
.since { font-size: 12px; margin: 6px 0 0; color: #46505c; }
.since.better { color: #17663a; }
.since.worse { color: #b3191e; }
.changed { border-left: 6px solid #7d8793; }
.changed.better { border-left-color: #1e8a46; }
.changed.worse { border-left-color: #c62828; }
section.kpi { margin: 18px 0 22px; padding-left: 10px; border-left: 6px solid transparent; }
section.kpi.changed.better { border-left-color: #1e8a46; }
section.kpi.changed.worse { border-left-color: #c62828; }
.id { font-size: 11px; font-weight: 400; color: #6a737d; margin-left: 6px; }
.meta { margin: 0 0 4px; font-size: 13px; }
figure { margin: 4px 0 8px; break-inside: avoid; page-break-inside: avoid; display: flex;
  gap: 14px; align-items: flex-end; }
figure svg { flex: 0 0 auto; }
figcaption { font-size: 11.5px; color: #46505c; }
table.indicators td:first-child { min-width: 14em; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 4px 0 8px; }
tr, thead { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #c9d1db; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #eef2f7; font-weight: 700; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.changed > td:first-child { border-left: 6px solid #7d8793; }
tr.changed.better > td:first-child { border-left-color: #1e8a46; }
tr.changed.worse > td:first-child { border-left-color: #c62828; }
div.by { margin: 14px 0 18px; }
p.counts { margin: 2px 0 4px; font-size: 13px; font-weight: 700; }
table.entities { width: auto; min-width: 70%; }
table.entities td { padding: 2px 6px; }
table.entities tbody tr:nth-child(even) { background: #f7f9fb; }
table.entities tr.gap td { text-align: center; color: #46505c; background: #fff; }
ul.moves { margin: 4px 0; padding-left: 0; list-style: none; }
ul.moves li { margin: 3px 0; padding-left: 8px; border-left: 6px solid transparent; }
footer { margin-top: 24px; font-size: 12.5px; color: #333a44; }
code { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
svg.chart { width: 100%; max-width: 520px; height: auto; background: #fff; }
svg .grid { stroke: #9aa4af; stroke-width: 1; }
svg .grid.mid { stroke: #d3d9e0; stroke-dasharray: 2 3; }
svg .axis { font-size: 10px; fill: #555e69; }
svg .now { stroke: #eef2f7; stroke-width: 10; }
svg .line { fill: none; stroke: #1f4e79; stroke-width: 2.2; }
svg .expected { fill: none; stroke: #7d8793; stroke-width: 1.6; stroke-dasharray: 5 4; }
svg .dot { fill: #1f4e79; }
svg .goal { fill: #fff; stroke: #1f4e79; stroke-width: 1.5; }
svg .value { font-size: 11px; font-weight: 700; fill: #1f4e79; }
@media (max-width: 820px) { .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .cards { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  h2 { margin-top: 18px; }
  section.kpi { break-inside: avoid; page-break-inside: avoid; margin: 10px 0 14px; }
  svg.chart { width: 250px; }
  table { font-size: 9pt; }
  .source { font-size: 8pt; }
  p, li { orphans: 3; widows: 3; }
}
""" + _BADGES + "\n"
