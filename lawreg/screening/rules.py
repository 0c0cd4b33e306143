"""What one rule finds in one section: pattern rules, stale amounts, repealed references.

Everything here is pure: a section's text and its law's context in, :class:`Finding` values
out, with character offsets into the text as given (the evidence quotes the original).
The database side (which text is screened, what is stored) is :mod:`lawreg.services.flags.screening`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..thai.citations import find_citations
from ..thai.normalize import fold_for_matching
from ..thai.number_words import NUMBER_WORDS_PATTERN, ThaiNumberError, parse_number
from ..thai.years import BE_OFFSET
from .catalogue import Catalogue, Context, Rule
from .matcher import Pattern, TokenizedText, find_matches, matches_near
from .money import MoneyAmount, find_amounts


@dataclass(frozen=True)
class LawContext:
    """What screening needs to know about a law beyond its text.

    ``amounts_year_be`` is the last year the law's amounts were (re)set — its latest
    amendment when the registry knows one; ``amended`` whether any amendment is recorded;
    ``e_transactions`` whether the registry links it to the Electronic Transactions Act;
    ``amending`` whether the law is itself an amending instrument (it ``amends`` another);
    ``title`` its title, by which the near-duplicate rule recognises charters of a kind
    (one university's Act repeats another's template for a different body).
    """

    key: str
    year_be: int | None = None
    amounts_year_be: int | None = None
    amended: bool = False
    e_transactions: bool = False
    amending: bool = False
    title: str = ""


def charter_kind(title: str, kinds: tuple[tuple[str, ...], ...]) -> int | None:
    """Which kind of charter a law's title names, by its prefix ("พระราชบัญญัติมหาวิทยาลัย"
    and "พระราชบัญญัติสถาบัน" are one kind, higher education): Acts that each set up one body
    of a kind share a template, section for section."""
    flat = "".join(title.split())
    return next(
        (index for index, prefixes in enumerate(kinds) if any(flat.startswith(p) for p in prefixes)),
        None,
    )


@dataclass(frozen=True)
class SectionRef:
    law_key: str
    number: str | None
    version_id: int | None = None

    def __str__(self) -> str:
        return f"{self.law_key}#{self.number}" if self.number else self.law_key


@dataclass
class Finding:
    """One suggestion: a rule, where it fired (a section or, with ``target.number`` None,
    the whole law), the quoted evidence and its span, and the rule's confidence."""

    rule_id: str
    category: str
    target: SectionRef
    confidence: float
    start: int | None = None
    end: int | None = None
    quote: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    other: SectionRef | None = None
    similarity: float | None = None


def _context_holds(context: Context, text: TokenizedText, first: int, last: int) -> bool:
    return any(
        matches_near(pattern, text, first, last, context.window) for pattern in context.patterns
    )


def pattern_findings(
    rule: Rule, text: TokenizedText, target: SectionRef
) -> list[Finding]:
    """Findings of a pattern rule: each match whose required context holds and whose
    exceptions do not; overlapping matches of the rule's patterns count once."""
    spans: list[tuple[int, int]] = []
    for pattern in rule.patterns:
        spans.extend(find_matches(pattern, text))
    findings: list[Finding] = []
    covered_until = -1
    for first, last in sorted(spans):
        if first < covered_until:
            continue
        if rule.requires and not _context_holds(rule.requires, text, first, last):
            continue
        if rule.exceptions and _context_holds(rule.exceptions, text, first, last):
            continue
        covered_until = last
        start, end = text.char_span(first, last)
        findings.append(
            Finding(rule.id, rule.category, target, rule.confidence, start, end, text.text[start:end])
        )
    return findings


def electronic_alternative(catalogue: Catalogue, text: TokenizedText) -> str | None:
    """The words of an electronic alternative the provision itself offers, if any."""
    for pattern in catalogue.electronic_alternative:
        for first, last in find_matches(pattern, text):
            start = text.spans[max(0, first - 3)][0]
            end = text.spans[min(len(text.spans), last + 2) - 1][1]
            return text.text[start:end]
    return None


# -- stale amounts -----------------------------------------------------------------------

_PRISON_RE = re.compile(r"จำคุก")
_DURATION_RE = re.compile(rf"({NUMBER_WORDS_PATTERN}|[0-9๐-๙]+)\s*(ปี|เดือน|วัน)")
_UNIT_YEARS = {"ปี": 1.0, "เดือน": 1 / 12, "วัน": 1 / 365}
_CLAUSE_END_RE = re.compile(r"ทั้งจำทั้งปรับ")
_MULTIPLE_RE = re.compile(r"เท่าของ")


def price_ratio(cpi: dict[int, float], since_be: int) -> float:
    """How many times consumer prices have multiplied since B.E. ``since_be`` (to the
    catalogue's latest year), interpolating between anchor years."""
    years = sorted(cpi)
    latest = cpi[years[-1]]
    year = since_be - BE_OFFSET
    if year <= years[0]:
        return latest / cpi[years[0]]
    if year >= years[-1]:
        return 1.0
    index = bisect_right(years, year)
    low, high = years[index - 1], years[index]
    value = cpi[low] + (cpi[high] - cpi[low]) * (year - low) / (high - low)
    return latest / value


def _prison_years(clause: str) -> float | None:
    longest = None
    for match in _DURATION_RE.finditer(clause):
        try:
            count = parse_number(match.group(1))
        except ThaiNumberError:
            continue
        years = count * _UNIT_YEARS[match.group(2)]
        longest = years if longest is None else max(longest, years)
    return longest


def stale_amount_findings(
    rule: Rule,
    catalogue: Catalogue,
    text: TokenizedText,
    target: SectionRef,
    law: LawContext,
    amounts_year_be: int | None,
) -> list[Finding]:
    """Penalty and fee amounts that have gone stale; the tests are documented in the
    catalogue entry of ``outdated.stale-amount``."""
    amounts = find_amounts(text.text)
    if not amounts:
        return []
    window = int(rule.params.get("context_window", 6))
    money_words, other_money = _money_patterns(catalogue)
    penalty_words = find_matches(money_words, text)
    other_ends = [last for _, last in find_matches(other_money, text)]
    not_fixed = _not_fixed_pattern(catalogue, tuple(rule.params.get("not_fixed_before", ())))
    not_fixed_ends = [last for _, last in find_matches(not_fixed, text)] if not_fixed else []
    schedule = _fee_schedule_heading(catalogue, text, tuple(rule.params.get("fee_schedule_headings", ())))
    token_starts = [start for start, _ in text.spans]
    findings: list[Finding] = []
    for amount in amounts:
        token = max(0, bisect_right(token_starts, amount.start) - 1)
        nearest = max(
            ((first, last) for first, last in penalty_words if token - window <= last <= token),
            key=lambda match: match[1],
            default=None,
        )
        nearest_other = max((e for e in other_ends if token - window <= e <= token), default=None)
        if nearest is None and schedule is not None and schedule[1] <= token:
            nearest = schedule  # a row of the fee schedule appended to the Act
        if nearest is None or (nearest_other is not None and nearest_other > nearest[1]):
            continue
        if any(nearest[0] < end <= token + 1 for end in not_fixed_ends):
            continue  # a daily rate or a rounding rule between the money word and the amount
        verdict = _stale_verdict(rule, catalogue, text.text, amount, amounts, law, amounts_year_be)
        if verdict is None:
            continue
        start = _quote_start(text, nearest[0], amount)
        findings.append(
            Finding(
                rule.id, rule.category, target, rule.confidence, start, amount.end,
                text.text[start : amount.end], {"amount_baht": amount.baht, **verdict},
            )
        )
    return findings


def _fee_schedule_heading(
    catalogue: Catalogue, text: TokenizedText, headings: tuple[str, ...]
) -> tuple[int, int] | None:
    """The heading of a fee schedule appended after the countersignature ("บัญชีอัตรา
    ค่าธรรมเนียม"), as word indexes: every amount below it is a fee, though its row names
    only the licence ("ใบอนุญาต … ปีละ ๕,๐๐๐ บาท"), far from any word of money."""
    appended = catalogue.appended_pattern
    heading = _not_fixed_pattern(catalogue, headings)
    if appended is None or heading is None:
        return None
    ends = [last for _, last in find_matches(appended, text)]
    if not ends:
        return None
    return next(((first, last) for first, last in find_matches(heading, text) if first >= ends[0]), None)


@cache
def _not_fixed_pattern(catalogue: Catalogue, words: tuple[str, ...]) -> Pattern | None:
    return catalogue.compile("|".join(words)) if words else None


@cache
def _money_patterns(catalogue: Catalogue) -> tuple[Pattern, Pattern]:
    return catalogue.compile("@penalty_word|@fee_word"), catalogue.compile("@non_penalty_money")


def _quote_start(text: TokenizedText, money_token: int, amount: MoneyAmount) -> int:
    """Where the evidence of a stale amount starts: at the word of money before it
    ("ปรับไม่เกินห้าร้อยบาท"), a word boundary, never inside "มาตรา"; at the amount itself
    when that word is far (a long list of fees)."""
    start = text.spans[money_token][0]
    return start if amount.start - start <= 60 else amount.start


def _stale_verdict(
    rule: Rule,
    catalogue: Catalogue,
    text: str,
    amount: MoneyAmount,
    amounts: list[MoneyAmount],
    law: LawContext,
    amounts_year_be: int | None,
) -> dict[str, Any] | None:
    year = amounts_year_be or law.amounts_year_be or law.year_be
    before = text[max(0, amount.start - 160) : amount.start]
    prisons = list(_PRISON_RE.finditer(before))
    prison = prisons[-1] if prisons else None
    ratio_applies = year is None or year < int(rule.params.get("ratio_before_be", 9999))
    if ratio_applies and prison is not None and not _CLAUSE_END_RE.search(before[prison.start() :]):
        clause_start = amount.start - len(before) + prison.start()
        years = _prison_years(text[clause_start : amount.start])
        # A fine set as a multiple ("ปรับสิบเท่าของค่าธรรมเนียม … แต่ต้องไม่น้อยกว่าหนึ่งหมื่นบาท")
        # grows with the case; its floor is not the fine the prison term was balanced against.
        if years and not _MULTIPLE_RE.search(text, clause_start, amount.start):
            clause_end = _CLAUSE_END_RE.search(text, amount.end)
            limit = clause_end.start() if clause_end else amount.end + 80
            fine = max(a.baht for a in amounts if clause_start <= a.start <= limit)
            per_year = fine / years
            floor = float(rule.params.get("min_baht_per_prison_year", 10000))
            if per_year < floor:
                return {"test": "prison_ratio", "baht_per_prison_year": round(per_year)}
    if year is None:
        return None
    ratio = price_ratio(dict(catalogue.cpi), year)
    if ratio >= float(rule.params.get("max_price_ratio", 2.0)):
        return {"test": "price_index", "year_be": year, "price_ratio": round(ratio, 1)}
    return None


# -- references to repealed laws ---------------------------------------------------------

_YEAR_TAIL_RE = re.compile(r"(?:พ\.ศ\.|พุทธศักราช)\s*[0-9๐-๙]{4}\s*$")


def repealed_title_forms(titles: dict[str, str]) -> dict[str, str]:
    """Searchable forms (folded, without spaces) of repealed laws' titles → law key.

    A title with a year is searched with its year only, so "… พ.ศ. 2542" does not fire on
    the "… พ.ศ. 2560" that replaced it.
    """
    forms: dict[str, str] = {}
    for title, key in titles.items():
        folded = fold_for_matching(title).replace(" ", "")
        if len(folded) >= 8:
            forms[folded] = key
    return forms


_REPEAL_CLAUSE_RE = re.compile(r"^\s*(?:มาตรา\s*[0-9๐-๙/]+(?:\s*\S+)?\s+)?ให้ยกเลิก")
_REPEALED_TITLE_RE = re.compile(
    r"(?:พระราชบัญญัติ|พระราชกำหนด|ประกาศของคณะปฏิวัติ|ประกาศคณะปฏิวัติ|ประมวลกฎหมาย|พระราชกฤษฎีกา)"
    r"[^()\n]{0,200}?(?:พ\.\s*ศ\.|พุทธศักราช)\s*[0-9๐-๙]{4}"
)


def is_repeal_clause(text: str) -> bool:
    """Whether a section is a repeal clause ("มาตรา ๓ ให้ยกเลิก ..."): it names the laws it
    repeals by design, so naming them there is no outdated reference."""
    return bool(_REPEAL_CLAUSE_RE.match(text))


def repeal_clause_titles(text: str) -> list[str]:
    """The titles a repeal clause repeals (with their years), so that the other sections
    of the statute book citing them can be found: the registry holds the laws in force,
    and the laws they replaced are known only from these clauses.  A partial repeal
    ("ให้ยกเลิกความในมาตรา ๕ แห่งพระราชบัญญัติ ...") repeals no law."""
    if not is_repeal_clause(text):
        return []
    flat = " ".join(text.split())  # a title may run over a line break: "…พรรคการเมือง\nพ.ศ. ๒๕๕๐"
    return [
        m.group(0)
        for m in _REPEALED_TITLE_RE.finditer(flat)
        if not flat[max(0, m.start() - 8) : m.start()].rstrip().endswith("แห่ง")
    ]


def repealed_reference_findings(
    rule: Rule, text: TokenizedText, target: SectionRef, forms: dict[str, str]
) -> list[Finding]:
    """References to repealed laws: section citations resolved to a repealed law by
    :func:`lawreg.thai.citations.find_citations`, and repealed laws' titles written out
    (not in the repeal clause that repeals them)."""
    if is_repeal_clause(text.text):
        return []
    findings = []
    repealed_keys = set(forms.values())
    for citation in find_citations(text.text):
        if citation.law_key in repealed_keys:
            findings.append(
                Finding(rule.id, rule.category, target, rule.confidence, citation.start,
                        citation.end, text.text[citation.start : citation.end],
                        {"repealed_law": citation.law_key})
            )
    for form, key in forms.items():
        position = text.compact.find(form)
        if position == -1:
            continue
        first = text.token_at(position)
        last = text.token_at(position + len(form) - 1) + 1
        start, end = text.char_span(first, last)
        findings.append(
            Finding(rule.id, rule.category, target, rule.confidence, start, end,
                    text.text[start:end], {"repealed_law": key})
        )
    return findings


def law_age_finding(rule: Rule, law: LawContext, current_year_be: int) -> Finding | None:
    """The law-level finding of an old law the registry records no amendment of; an
    amending instrument is an amendment, not a law left unamended."""
    if law.year_be is None or law.amended or law.amending:
        return None
    age = current_year_be - law.year_be
    if age <= int(rule.params.get("max_age_years", 40)):
        return None
    return Finding(
        rule.id, rule.category, SectionRef(law.key, None), rule.confidence,
        details={"year_be": law.year_be, "age_years": age},
        quote=f"B.E. {law.year_be}, no amendment recorded",
    )
