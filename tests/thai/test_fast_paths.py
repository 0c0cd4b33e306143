"""The fast paths of the Thai text layer give exactly what the full algorithms give."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from lawreg.thai import normalize as normalize_module
from lawreg.thai.normalize import NormalizedText, normalize, normalize_with_spans

# Everything the normaliser rewrites, next to correct Thai, Latin and digits.
ALPHABET = [*"กขคงทดผีิ่้ั็ุู์ําำเแ\n\r\t\u00a0\u200b\u00ad aé\u03011๑/.", "   ", " \u200b ",
            "  ", "\r\n", "เเ", "ํา", "่ี", "ที่", " \n", "ลักทรัพย์", "มาตรา 193/30"]


def full_scan(text: str) -> NormalizedText:
    """normalize_with_spans without the suspect search: every candidate of the whole text."""
    rewrites = normalize_module._line_rewrites(text, 0, len(text))
    return normalize_module._with_spans(text, normalize_module._units(text, rewrites))


def test_fast_path_matches_the_full_scan_on_random_text() -> None:
    rng = random.Random(20261127)
    for _ in range(2_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))
        assert normalize_with_spans(text) == full_scan(text), repr(text)
        assert normalize(text) == full_scan(text).text, repr(text)


@pytest.mark.shared_data
def test_fast_path_matches_the_full_scan_on_the_real_codes(shared_data: Path) -> None:
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted((shared_data / "thai-codes").glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    assert len(texts) > 3000  # every 4th string is checked, every 32nd also damaged
    rng = random.Random(7)
    for number, text in enumerate(texts[::4]):
        assert normalize_with_spans(text) == full_scan(text)
        if number % 8:
            continue
        cut = rng.randrange(len(text) + 1)
        damaged = text[:cut] + rng.choice(ALPHABET) + text[cut:]
        assert normalize_with_spans(damaged) == full_scan(damaged), repr(damaged[:80])
