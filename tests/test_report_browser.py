"""The HTML report in a real browser: headless Chromium renders it to a screenshot and
prints it to PDF, with no console error, on A4 pages none of which (but the last) is left
half-empty. Skipped when no Chromium is installed (CI installs one: .ci/run; locally
`apt-get install -y chromium`); the page measure also needs poppler's `pdftotext`
(`apt-get install -y poppler-utils`).

The PNG is decoded with the standard library (zlib), enough to tell a page with content
from a blank one.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from support import write_inputs

from dxplan.cli import main

REPO = Path(__file__).resolve().parent.parent

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") \
    or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="no Chromium found (chromium or chromium-browser)")
# offline and quiet: nothing but the file itself is loaded
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    out = folder / "report.html"
    assert main(["report", *write_inputs(folder), "--year", "2025", "--output", str(out),
                 "--date", "2025-06-01"]) == 0
    return out


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the shipped specs and examples: every section, the roadmap too."""
    import os

    folder = tmp_path_factory.mktemp("shipped")
    out = folder / "report.html"
    here = os.getcwd()
    os.chdir(REPO)  # dxplan.toml names the specs and examples/
    try:
        assert main(["report", "--output", str(out), "--date", "2025-06-01"]) == 0
    finally:
        os.chdir(here)
    return out


def chromium(folder: Path, *args: str) -> str:
    """Run Chromium on the page; its log (stderr) is returned for the console checks."""
    assert CHROMIUM is not None
    run = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={folder / 'profile'}", *args],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stderr


def console_errors(log: str) -> list[str]:
    """Console lines of the log. The report has no script, so any message there (an
    uncaught error, a resource refused) is one too many."""
    return [line for line in log.splitlines() if "Uncaught" in line or ":CONSOLE" in line]


def png_pixels(data: bytes, max_rows: int) -> tuple[int, int, list[bytes]]:
    """(width, height, pixels of the top `max_rows` rows) of an 8-bit RGB or RGBA PNG.

    Undoing the row filters in pure Python is slow, and the top of the page (title,
    headline, the first cards) is enough to tell a rendered report from a blank one."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw, stride, rows = zlib.decompress(idat), width * bpp, []
    previous = bytearray(stride)
    for y in range(min(height, max_rows)):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + guess) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, [bytes(r[i:i + 3]) for r in rows for i in range(0, stride, bpp)]


def test_screenshot_shows_the_report(page: Path) -> None:
    shot = page.parent / "shot.png"
    log = chromium(page.parent, f"--screenshot={shot}", "--window-size=1200,2000",
                   page.as_uri())
    assert console_errors(log) == []
    width, height, pixels = png_pixels(shot.read_bytes(), max_rows=600)
    assert (width, height) == (1200, 2000)
    assert len(set(pixels)) > 20  # text, badges, rules: far from one colour
    inked = sum(p != b"\xff\xff\xff" for p in pixels)
    assert inked / len(pixels) > 0.02  # a blank (white) page has none


def page_fill(pdf: Path) -> list[float]:
    """How far down each page its lowest line of text reaches, as a share of the page's
    height (an A4 page with 15 mm margins is full at about 0.95)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("no pdftotext (apt-get install -y poppler-utils)")
    run = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, timeout=60, check=True)
    fills = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>',
                                   run.stdout, flags=re.S):
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body)]
        fills.append(max(bottoms, default=0.0) / float(height))
    return fills


@pytest.mark.parametrize("which", ["page", "shipped"])
def test_prints_to_pdf_with_no_half_empty_page(which: str, request: pytest.FixtureRequest
                                            ) -> None:
    html: Path = request.getfixturevalue(which)
    pdf = html.parent / "print.pdf"
    log = chromium(html.parent, f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                   html.as_uri())
    assert console_errors(log) == []
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)) >= 2  # A4 pages
    fills = page_fill(pdf)
    assert len(fills) >= 2
    # every page but the last reaches past its middle: no section was pushed onto a page
    # of its own, leaving the one before it half blank
    assert [round(f, 2) for f in fills[:-1] if f < 0.5] == [], fills
    assert fills[-1] > 0.05  # and the last is not blank


def test_the_page_measure_sees_a_half_empty_page(tmp_path: Path) -> None:
    # a page forced to break after one line must be caught by the measure above
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><p>first</p><p style="break-before: page">second</p>'
                   "<p>third</p></body></html>", encoding="utf-8")
    pdf = tmp_path / "bad.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", bad.as_uri())
    fills = page_fill(pdf)
    assert len(fills) == 2 and fills[0] < 0.5


def test_console_errors_would_be_seen(tmp_path: Path) -> None:
    # the check above is only worth something if a page's error reaches the log
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><script>throw new Error("boom")</script></body></html>',
                   encoding="utf-8")
    log = chromium(tmp_path, f"--screenshot={tmp_path / 'bad.png'}", "--window-size=200,200",
                   bad.as_uri())
    assert any("boom" in line for line in console_errors(log))
