"""Benchmark of the Thai PDF-damage repair against two baselines, on real text.

Usage: ``.venv/bin/python bench/repair_bench.py [--sections 300] [--seed 13]``

Two evaluation sets:

1. *Synthetic*: clean sections of the four Thai codes (``$LAWREG_SHARED_DATA/thai-codes``)
   damaged by :func:`damage_word`, a simulator of the patterns seen in the seed document
   (the fiscal-law PDFs come out of pypdf undamaged), with the clean text as ground truth:
   - the marks of a base move onto the next base, and a space follows them (p=0.7, also
     at the end of a word): "ให้เข้า" → "ใหเ้ ข้า";
   - a base that received displaced marks emits its own marks after a space: "ยีดิ" →
     "ยดี ิ"; the marks of a word's last base follow a space: "แก่" → "ก ่";
   - a two-mark cluster moves in swapped order (p=0.5): "ขั้น" → "ขน้ั ", or only one of
     its marks moves (p=0.2): "มั่น" → "มัน่ ";
   - rarely, a space after a mark that did not move: "เป็น" → "เป็ น".
2. *Real*: ``tests/fixtures/thai/repair_real.tsv``, damaged lines of the seed document
   with hand-checked corrections.

Systems: lawreg's :func:`repair_pdf_damage`; pythainlp ``util.normalize`` (it deletes the
marks it cannot attach); the ``fixthaipdf`` package (PyPI, skipped when not installed: it
is a benchmark baseline only, not a lawreg dependency).

Metrics: share of damaged words restored exactly; share of undamaged words changed;
character error rate before/after (edit operations from a difflib alignment, an upper bound
of the Levenshtein distance); throughput.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lawreg.thai.normalize import THAI_COMBINING, TONE_MARKS  # noqa: E402
from lawreg.thai.repair import repair_pdf_damage  # noqa: E402
from lawreg.thai.segment import word_spans  # noqa: E402

MARKS = frozenset(THAI_COMBINING)
TONES = frozenset(TONE_MARKS + "\u0e4c")


def _cells(word: str) -> list[list[str]]:
    cells: list[list[str]] = []
    for ch in word:
        if ch in MARKS and cells:
            cells[-1][1] += ch
        else:
            cells.append([ch, ""])
    return cells


def damage_word(word: str, rng: random.Random) -> str:
    """One word as a Thai PDF extractor would return it (see the module docstring)."""
    cells = _cells(word)
    if not any(marks for _, marks in cells):
        return word
    if rng.random() < 0.08:
        # A space after a mark that did not move ("เป็ น").
        inner = [i for i, (_, marks) in enumerate(cells[:-1]) if marks]
        if inner:
            i = rng.choice(inner)
            cells[i][1] += " "
            return "".join(base + marks for base, marks in cells)
    out: list[str] = []
    carried = ""
    for i, (base, marks) in enumerate(cells):
        last = i == len(cells) - 1
        if carried:
            out.append(base + carried)
            if marks:
                out.append(" " + marks)
            elif rng.random() < 0.7:
                out.append(" ")
            carried = ""
            continue
        moving = marks
        if len(marks) == 2 and rng.random() < 0.2:
            stay = rng.choice(marks)
            moving = marks.replace(stay, "", 1)
            base += stay
        elif len(marks) == 2 and rng.random() < 0.5:
            moving = marks[::-1]
        if moving and last:
            out.append(base + " " + moving)
        else:
            out.append(base if moving else base + marks)
            carried = moving
    return "".join(out)


def damage_line(line: str, rng: random.Random, rate: float) -> tuple[str, list[bool]]:
    """The damaged line and, per word of the clean line, whether it was damaged."""
    pieces: list[str] = []
    damaged: list[bool] = []
    position = 0
    for token, start, end in word_spans(line):
        pieces.append(line[position:start])
        hit = token == line[start:end] and rng.random() < rate
        new = damage_word(token, rng) if hit else line[start:end]
        damaged.append(new != line[start:end])
        pieces.append(new)
        position = end
    pieces.append(line[position:])
    # A space the extractor put after a word's last base merges with a following space.
    return "".join(pieces).replace("  ", " ") if "  " not in line else "".join(pieces), damaged


def _equal_mask(clean: str, repaired: str) -> list[bool]:
    mask = [False] * len(clean)
    matcher = difflib.SequenceMatcher(None, clean, repaired, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "equal":
            mask[i1:i2] = [True] * (i2 - i1)
    return mask


def _edits(clean: str, other: str) -> int:
    matcher = difflib.SequenceMatcher(None, clean, other, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def evaluate(
    system: Callable[[str], str], samples: list[tuple[str, str, list[bool]]]
) -> dict[str, float]:
    restored = damaged_total = changed = undamaged_total = 0
    edits_after = edits_before = chars = 0
    outputs: list[str] = []
    line_times: list[float] = []
    for _, damaged, _ in samples:
        started = time.perf_counter()
        outputs.append(system(damaged))
        line_times.append(time.perf_counter() - started)
    elapsed = sum(line_times)
    for (clean, damaged, flags), repaired in zip(samples, outputs, strict=True):
        mask = _equal_mask(clean, repaired)
        for (_, start, end), was_damaged in zip(word_spans(clean), flags, strict=True):
            intact = all(mask[start:end])
            if was_damaged:
                damaged_total += 1
                restored += intact
            else:
                undamaged_total += 1
                changed += not intact
        edits_before += _edits(clean, damaged)
        edits_after += _edits(clean, repaired)
        chars += len(clean)
    return {
        "restored": restored / max(damaged_total, 1),
        "undamaged_changed": changed / max(undamaged_total, 1),
        "undamaged_changed_count": changed,
        "cer_before": edits_before / chars,
        "cer_after": edits_after / chars,
        "chars_per_s": sum(len(d) for _, d, _ in samples) / elapsed,
        "median_ms": statistics.median(line_times) * 1000,
    }


def synthetic_samples(data: Path, sections: int, seed: int, rate: float):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    texts: list[str] = []
    for path in sorted((data / "thai-codes").glob("*.json")):
        texts += [s["text"] for s in json.loads(path.read_text(encoding="utf-8"))["sections"]]
    chosen = rng.sample(texts, min(sections, len(texts)))
    samples = []
    for text in chosen:
        for line in text.split("\n"):
            if line.strip():
                damaged, flags = damage_line(line, rng, rate)
                samples.append((line, damaged, flags))
    return samples


def real_samples() -> list[tuple[str, str, list[bool]]]:
    fixture = ROOT / "tests" / "fixtures" / "thai" / "repair_real.tsv"
    samples = []
    for row in fixture.read_text(encoding="utf-8").splitlines():
        damaged, clean = row.split("\t")
        mask = _equal_mask(clean, damaged)
        flags = [not all(mask[s:e]) for _, s, e in word_spans(clean)]
        samples.append((clean, damaged, flags))
    return samples


def systems() -> dict[str, Callable[[str], str]]:
    from pythainlp.util import normalize as pythainlp_normalize

    found: dict[str, Callable[[str], str]] = {
        "lawreg repair_pdf_damage": repair_pdf_damage,
        "pythainlp util.normalize": pythainlp_normalize,
    }
    try:
        import fixthaipdf
    except ImportError:
        print("fixthaipdf not installed: baseline skipped (pip install fixthaipdf)")
    else:
        found["fixthaipdf.clean"] = fixthaipdf.clean
    return found


def report(title: str, samples, rate_note: str = "") -> None:  # type: ignore[no-untyped-def]
    damaged_words = sum(sum(flags) for _, _, flags in samples)
    words = sum(len(flags) for _, _, flags in samples)
    print(f"\n## {title}: {len(samples)} lines, {words} words, {damaged_words} damaged{rate_note}")
    print(f"{'system':26} {'restored':>9} {'undamaged changed':>18} {'CER before':>11} "
          f"{'CER after':>10} {'after/before':>12} {'chars/s':>9} {'median ms/line':>14}")  # fmt: skip
    for name, system in systems().items():
        m = evaluate(system, samples)
        print(
            f"{name:26} {m['restored']:9.1%} "
            f"{m['undamaged_changed']:11.2%} ({int(m['undamaged_changed_count']):4d}) "
            f"{m['cer_before']:11.2%} {m['cer_after']:10.2%} "
            f"{m['cer_after'] / m['cer_before']:12.3f} {m['chars_per_s']:9.0f} {m['median_ms']:14.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sections", type=int, default=300)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--rate", type=float, default=0.3, help="share of words damaged")
    args = parser.parse_args()
    data = Path(os.environ.get("LAWREG_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if (data / "thai-codes").is_dir():
        samples = synthetic_samples(data, args.sections, args.seed, args.rate)
        report("Synthetic damage on the Thai codes", samples, f" (rate {args.rate})")
        lengths = [len(clean) for clean, _, _ in samples]
        print(f"median line length {statistics.median(lengths):.0f} chars")
    else:
        print(f"no real data at {data}: synthetic set skipped")
    report("Real damaged lines (hand-checked fixture)", real_samples())


if __name__ == "__main__":
    main()
