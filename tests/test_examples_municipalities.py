"""examples/municipalities.csv: Aomori's 40 municipalities with their real codes.

The codes are 全国地方公共団体コード (examples/README.md names the source): five digits
(prefecture 02, then the municipality) and a check digit. A typo in a code would make
per-municipality rows land on no municipality, so every code is checked here.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

FILE = Path(__file__).resolve().parents[1] / "examples" / "municipalities.csv"


def check_digit(first_five: str) -> int:
    """The rule of 総務省's code table: s = 6*d1 + 5*d2 + 4*d3 + 3*d4 + 2*d5; the check
    digit is the last digit of 11 - (s mod 11) (so a remainder of 0 gives 1, of 1 gives 0)."""
    s = sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), first_five, strict=True))
    return (11 - s % 11) % 10


@pytest.mark.parametrize(("code", "digit"), [
    ("02201", 2),  # 青森市: 5*2 + 4*2 + 2*1 = 20, 20 mod 11 = 9, 11 - 9 = 2
    ("02208", 0),  # むつ市: 5*2 + 4*2 + 2*8 = 34, 34 mod 11 = 1, 11 - 1 = 10 -> 0
    ("02412", 1),  # おいらせ町: 5*2 + 4*4 + 3*1 + 2*2 = 33, 33 mod 11 = 0, 11 -> 1
    ("02210", 1),  # 平川市: 5*2 + 4*2 + 3*1 = 21, 21 mod 11 = 10, 11 - 10 = 1
])
def test_check_digit_rule(code: str, digit: int) -> None:
    assert check_digit(code) == digit


def rows() -> list[dict[str, str]]:
    with FILE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["code", "name", "kind"]
        return list(reader)


def test_forty_municipalities_ten_cities_twenty_two_towns_eight_villages() -> None:
    found = rows()
    assert len(found) == 40
    assert Counter(r["kind"] for r in found) == {"市": 10, "町": 22, "村": 8}


def test_codes_are_unique_six_digit_aomori_codes_in_order() -> None:
    codes = [r["code"] for r in rows()]
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)
    for code in codes:
        assert len(code) == 6 and code.isascii() and code.isdigit(), code
        assert code.startswith("02"), code
        assert int(code[5]) == check_digit(code[:5]), code


def test_each_name_ends_with_its_kind_and_is_unique() -> None:
    found = rows()
    assert len({r["name"] for r in found}) == 40
    for r in found:
        assert r["name"].endswith(r["kind"]), r
    by_code = {r["code"]: r["name"] for r in found}
    assert by_code["022012"] == "青森市" and by_code["024503"] == "新郷村"
