"""Repair of Thai text damaged by PDF extraction.

PDF text extractors order glyphs by position; Thai fonts position the marks above and below
a consonant (ั ิ ี ึ ื ุ ู ็ ่ ้ ๊ ๋ ์ ํ) with their own offsets, so extraction puts a mark
after the NEXT base character, often with a space inserted after it, and a tone mark before
its vowel:

    "ใหเ้ ข้ากับ" → "ให้เข้ากับ"     "องคก์ รปกครอง" → "องค์กรปกครอง"
    "เทคโนโลยดี ิจทิ ัล" → "เทคโนโลยีดิจิทัล"     "ไดแ้ ก ่" → "ได้แก่"

Observed in the seed document: a base's marks move onto the next base, with a space after
them; a base that receives displaced marks emits its own marks after a space ("ดี ิจ"); a
word's last marks follow a space ("ก ่"); a two-mark cluster may be split ("มัน่ คง" for
"มั่นคง").

The repair is general, not a list of corrections.  Per line:

1. *evidence*: marks that no base can carry (after a space, on a leading vowel เ แ โ ใ ไ, on
   า, on a digit), words the dictionary lacks or rare fragments ("นิ", "เส") — see
   :mod:`lawreg.thai.plausibility` — and spaces right after marks next to such words;
2. *candidates*: inside a region of chunks joined by such spaces, the marks of suspect
   bases (in or after an unknown word) move one base left, marks without a base move to
   the base before the space, and suspect spaces may be dropped;
3. *choice*: dynamic programming over the chunks (newmm never puts a word across a space,
   so the cost is a sum over space-free groups) minimises (unknown characters + 10 per
   orthographic error, words, spaces stranded after a base whose marks moved back, edits).

A region is rewritten only on strong evidence (misplaced marks, an unknown word at a
suspect space, a repair that closes such a space) or when unknown words alone improve by at
least three characters ("หรอื" → "หรือ"); rare but real words ("ไขข่าว") therefore stay, and
so do correct text and genuine spaces after a final mark ("ที่ ", "ได้ ").  Measured by
``bench/repair_bench.py``: on every section of the four codes nothing changes.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import nlpo3

from .normalize import normalize_marks
from .plausibility import (
    CONSONANTS,
    FOLLOWING_VOWELS,
    INVALID_MARK_COST,
    LEADING_VOWELS,
    MARKS,
    TONES,
    chunk_cost,
    is_suspect_word,
)
from .segment import nlpo3_dictionary


@dataclass
class _Cell:
    """A base character (or "" for marks with no base, or " " for a space) and its marks."""

    base: str
    marks: str = ""


def _cells(line: str) -> list[_Cell]:
    cells: list[_Cell] = []
    for ch in line:
        if ch in MARKS:
            if cells and (cells[-1].base not in ("", " ") or cells[-1].marks):
                cells[-1].marks += ch
            else:
                cells.append(_Cell("", ch))
        else:
            cells.append(_Cell(ch))
    return cells


def _render(cells: list[_Cell]) -> str:
    return "".join(cell.base + cell.marks for cell in cells)


def _cost(cells: list[_Cell]) -> tuple[int, int]:
    """(damage cost, word count): unknown characters + 10 per orthographic error.

    newmm never puts a word across a space, so the cost is a sum over the chunks between
    spaces, each cached: candidates differ in one or two chunks only.  A space after a
    leading vowel ("เ ข") or before a following vowel ("ก า") is an error too.
    """
    cost = words = 0
    chunks = _render(cells).split(" ")
    for n, chunk in enumerate(chunks):
        piece_cost, piece_words = chunk_cost(chunk)
        cost += piece_cost
        words += piece_words
        if n and chunk[:1] in FOLLOWING_VOWELS:
            cost += INVALID_MARK_COST
        if n + 1 < len(chunks) and chunk[-1:] in LEADING_VOWELS:
            cost += INVALID_MARK_COST
    return cost, words


def _apply(cells: list[_Cell], shifts: set[int]) -> list[_Cell]:
    """``cells`` with the marks of ``shifts`` moved one base left.

    Marks with no base (after a space) move over the space to the base before it, and
    that space goes: the extractor put it there with the marks.
    """
    result = [_Cell(c.base, c.marks) for c in cells]
    for index in sorted(shifts):
        target = index - 1
        while target >= 0 and result[target].base in (" ", ""):
            target -= 1
        if target < 0:
            continue
        result[target].marks += result[index].marks
        result[index].marks = ""
        if result[index].base == "":
            for between in range(target + 1, index):
                if result[between].base == " ":
                    result[between].base = ""
    return [c for c in result if c.base or c.marks]


def _chunks(cells: list[_Cell]) -> list[tuple[int, int]]:
    """Spans of non-space cells (marks after a space start the next chunk)."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, cell in enumerate(cells):
        if cell.base == " ":
            if start is not None:
                spans.append((start, i))
            start = None
        elif start is None:
            start = i
    if start is not None:
        spans.append((start, len(cells)))
    return spans


@dataclass
class _Chunk:
    """What one space-delimited chunk shows: misplaced marks, suspect cells (whose marks
    may have been displaced), and whether its first / last word is unknown."""

    misplaced: bool
    suspects: set[int]
    starts_bad: bool
    ends_bad: bool

    @property
    def dirty(self) -> bool:
        return self.misplaced or bool(self.suspects)


def _analyse_chunk(cells: list[_Cell], start: int, end: int) -> _Chunk:
    """Find the damage signs of ``cells[start:end]``.

    Suspects are the marked cells inside unknown words or fragments and in the word after
    one (marks move rightwards), so a repair stays local to the damage.
    """
    misplaced = {i for i in range(start, end) if cells[i].marks and cells[i].base not in CONSONANTS}
    owner: list[int] = []
    for i in range(start, end):
        owner += [i] * (len(cells[i].base) + len(cells[i].marks))
    tokens = nlpo3.segment(_render(cells[start:end]), nlpo3_dictionary())
    spans: list[set[int]] = []
    offset = 0
    for token in tokens:
        spans.append(set(owner[offset : offset + len(token)]))
        offset += len(token)
    suspects = set(misplaced)
    bad = [is_suspect_word(token) for token in tokens]
    for n, is_bad in enumerate(bad):
        if is_bad:
            suspects |= spans[n]
            if n + 1 < len(spans):
                suspects |= spans[n + 1]
    return _Chunk(
        misplaced=bool(misplaced),
        suspects={i for i in suspects if cells[i].marks},
        starts_bad=bool(bad) and bad[0],
        ends_bad=bool(bad) and bad[-1],
    )


_SUBSET_LIMIT = 4
# Open groups kept between two chunks of the dynamic programme.
_BEAM = 6
# Cost reduction needed to repair a region whose only sign of damage is unknown words.
_WEAK_EVIDENCE_GAIN = 3


def _variants(
    cells: list[_Cell], shiftable: list[int], forced: set[int]
) -> list[tuple[str, int, bool]]:
    """The ways to write one chunk: (text, shifts made, whether its last cell's marks moved).

    Every subset of the suspect shifts when there are few; else no shift, each single
    shift, all of them, and the steps of a greedy descent on the chunk's own cost.
    ``forced`` shifts are in every variant.
    """
    def text(subset: frozenset[int]) -> str:
        return _render_canonical(_apply(cells, set(subset) | forced))

    if len(shiftable) <= _SUBSET_LIMIT:
        subsets = {
            frozenset(chosen)
            for size in range(len(shiftable) + 1)
            for chosen in itertools.combinations(shiftable, size)
        }
    else:
        subsets = {frozenset(), frozenset(shiftable)} | {frozenset([i]) for i in shiftable}
        current: frozenset[int] = frozenset()
        current_cost = chunk_cost(text(current))
        while True:
            trials = [
                (chunk_cost(text(current | {i})), current | {i})
                for i in shiftable
                if i not in current
            ]
            if not trials:
                break
            best_cost, best = min(trials, key=lambda trial: trial[0])
            if best_cost >= current_cost:
                break
            current, current_cost = best, best_cost
            subsets.add(current)
    last = len(cells) - 1
    return [(text(subset), len(subset), last in subset) for subset in subsets]


def _render_canonical(cells: list[_Cell]) -> str:
    """:func:`_render` with each base's marks in canonical order, vowels before tone marks
    (duplicates stay, so that a doubled vowel still counts as an error)."""
    return "".join(
        c.base + "".join(sorted(c.marks, key=lambda m: m in TONES)) if len(c.marks) > 1
        else c.base + c.marks
        for c in cells
    )


def _estimate(item: tuple[str, tuple[tuple[int, int, int, int], str]]) -> tuple[int, ...]:
    """A state's score as if its open group were closed now (to rank states fairly)."""
    open_text, (score, _) = item
    cost, words = chunk_cost(open_text) if open_text else (0, 0)
    return (score[0] + cost, score[1] + words, score[2], score[3])


def _offer(states: dict, key: str, score: tuple, prefix: str) -> None:
    if key not in states or score < states[key][0]:
        states[key] = (score, prefix)


def _search(
    cells: list[_Cell], shiftable: list[int], droppable: list[int]
) -> tuple[int, list[_Cell]]:
    """The cheapest way to re-attach the marks of a region, by dynamic programming over its
    chunks (the cost is a sum over the space-free groups of the result).

    Order: lowest damage cost, then fewest words (a space the damage put inside a word
    splits it: "ข้อ มูล"), then fewest spaces left after a base whose marks were moved
    back (the extractor puts one there), then fewest edits — so a tie keeps the text.
    """
    # Marks with no base go to the base before the space, always: the space goes, and
    # they move after that chunk's own shifts (which may empty their new base first).
    index: dict[int, int] = {}
    base_cells: list[_Cell] = []
    for old, cell in enumerate(cells):
        next_is_orphan = old + 1 < len(cells) and cells[old + 1].base == "" and base_cells
        if cell.base == " " and next_is_orphan:
            continue
        index[old] = len(base_cells)
        base_cells.append(cell)
    forced = {n for n, c in enumerate(base_cells) if c.base == "" and c.marks and n > 0}
    shift_set = {index[i] for i in shiftable if i in index} | forced
    drop_set = {index[i] for i in droppable if i in index}
    chunks = _chunks(base_cells)
    Score = tuple[int, int, int, int]
    # state: text of the open group (chunks joined by dropped spaces) → (score, prefix)
    states: dict[str, tuple[Score, str]] = {"": ((0, 0, 0, 0), "")}
    for n, (start, end) in enumerate(chunks):
        chunk_cells = base_cells[start:end]
        local = [i - start for i in range(start, end) if i in shift_set and i not in forced]
        variants = _variants(chunk_cells, local, {i - start for i in forced if start <= i < end})
        last_chunk = n + 1 == len(chunks)
        space = end if not last_chunk else None
        next_first = base_cells[chunks[n + 1][0]].base if not last_chunk else ""
        new_states: dict[str, tuple[Score, str]] = {}
        offer = functools.partial(_offer, new_states)

        for open_text, (score, prefix) in states.items():
            for text, edits, last_moved in variants:
                group = open_text + text
                base_score = (score[0], score[1], score[2], score[3] + edits)
                cost, words = chunk_cost(group)
                closed = (base_score[0] + cost, base_score[1] + words, base_score[2], base_score[3])
                if last_chunk:
                    offer("", closed, prefix + text)
                    continue
                penalty = INVALID_MARK_COST * (
                    (group[-1:] in LEADING_VOWELS) + (next_first in FOLLOWING_VOWELS)
                )
                kept = (closed[0] + penalty, closed[1], closed[2] + last_moved, closed[3])
                offer("", kept, prefix + text + " ")
                if space in drop_set:
                    dropped = (*base_score[:3], base_score[3] + 1)
                    offer(group, dropped, prefix + text)
        states = dict(sorted(new_states.items(), key=_estimate)[:_BEAM])
    (score, best_text) = min(states.values())
    return score[0], _cells(best_text)


def _repair_line(line: str) -> str:
    line = normalize_marks(line)
    if not any(ch in MARKS for ch in line):
        return line
    cells = _cells(line)
    chunks = _chunks(cells)
    analysed = [_analyse_chunk(cells, a, b) for a, b in chunks]
    # Group chunks into regions joined by spaces that the damage may have inserted: before
    # marks that lost their base, or after marks, before Thai, next to an unknown word.
    output: list[str] = []
    position = 0
    k = 0
    while k < len(chunks):
        first = k
        strong = analysed[k].misplaced
        while k + 1 < len(chunks):
            gap_start, gap_end = chunks[k][1], chunks[k + 1][0]
            orphan = cells[gap_end].base == ""
            joinable = gap_end - gap_start == 1 and (
                orphan
                or (cells[gap_start - 1].marks and "\u0e01" <= cells[gap_end].base <= "\u0e4e")
            )
            unknown_at_space = analysed[k].ends_bad or analysed[k + 1].starts_bad
            if not (joinable and (orphan or analysed[k].dirty or analysed[k + 1].dirty)):
                break
            strong |= orphan or unknown_at_space or analysed[k + 1].misplaced
            k += 1
        start, end = chunks[first][0], chunks[k][1]
        output.append(_render(cells[position:start]))
        region = cells[start:end]
        if any(chunk.dirty for chunk in analysed[first : k + 1]):
            suspects = set().union(*(chunk.suspects for chunk in analysed[first : k + 1]))
            # Marks that lost their base belong to the base before the space, whose own
            # place may hold marks displaced from further left ("มติ ิ" for "มิติ").
            suspects |= {
                chunks[j][1] - 1
                for j in range(first, k)
                if cells[chunks[j + 1][0]].base == "" and cells[chunks[j][1] - 1].marks
            }
            shiftable = sorted(
                i - start
                for i in suspects
                if i > 0 and cells[i].base != "" and cells[i - 1].base in CONSONANTS
            )
            droppable = [
                chunks[j][1] - start for j in range(first, k) if cells[chunks[j][1]].base == " "
            ]
            best_cost, repaired = _search(region, shiftable, droppable)
            # Strong evidence (marks where they cannot be, an unknown word at a space the
            # damage may have inserted) or a repair that closes such a space takes any
            # improvement; an unknown word alone must become clearly better ("หรอื" →
            # "หรือ"), so that rare words ("ไขข่าว") stay.
            gain = _cost(region)[0] - best_cost
            joined = _render(repaired).count(" ") < _render(region).count(" ")
            if strong or gain >= _WEAK_EVIDENCE_GAIN or (gain > 0 and joined):
                region = repaired
        output.append(normalize_marks(_render(region)))
        position = end
        k += 1
    output.append(_render(cells[position:]))
    return "".join(output)


def repair_pdf_damage(text: str) -> str:
    """Undo PDF-extraction damage to Thai marks, line by line.

    Returns exactly one output line per input line (line ends kept), so the result can be
    compared and re-imported line for line.  Text without damage comes back unchanged
    except that the marks of a character are put in canonical order ("ท่ี" → "ที่").
    """
    lines = []
    for line in text.split("\n"):
        carriage = line.endswith("\r")
        repaired = _repair_line(line[:-1] if carriage else line)
        lines.append(repaired + "\r" if carriage else repaired)
    return "\n".join(lines)
