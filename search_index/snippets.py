"""Highlighted snippets cut at Thai word boundaries.

Whoosh's :func:`~whoosh.highlight.highlight` runs the field's analyzer over the stored
text, marks the tokens whose terms the query matched, asks a fragmenter for extracts and a
formatter for output.  The Thai analyzer reports each word's offsets in the original text,
so :class:`WordBoundaryFragmenter` can start and end every extract on a word boundary — a
character-count cut would split a Thai word (or a consonant from its vowel).

The formatter returns *segments* (text, matched) rather than markup: the page escapes each
segment and wraps the matched ones (:func:`lawreg.search.snippet_html`), the CLI prints them as plain text.
Nothing from a section's text ever reaches HTML unescaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from whoosh.analysis import Token
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.highlight import Formatter, Fragment, Fragmenter, highlight

from lawreg.search.results import Segment

ELLIPSIS = " … "


class WordBoundaryFragmenter(Fragmenter):
    """Extracts of about ``maxchars`` around matched words, starting and ending on words."""

    def __init__(self, maxchars: int = 220, surround: int = 70) -> None:
        self.maxchars = maxchars
        self.surround = surround

    def fragment_tokens(self, text: str, all_tokens: Iterable[Token]) -> list[Fragment]:
        # The analyzer reuses one Token object: keep the offsets of every token and a
        # copy of the matched ones only (copying each token was a third of a snippet's time).
        starts: list[int] = []
        ends: list[int] = []
        matched: dict[int, Token] = {}
        for token in all_tokens:
            if token.matched:
                matched[len(starts)] = token.copy()
            starts.append(token.startchar)
            ends.append(token.endchar)
        fragments: list[Fragment] = []
        count = len(starts)
        i = 0
        while i < count:
            if i not in matched:
                i += 1
                continue
            first = i
            while first > 0 and starts[i] - starts[first - 1] <= self.surround:
                first -= 1
            last = i
            matches = [matched[i]]
            limit = starts[first] + self.maxchars
            j = i + 1
            while j < count and ends[j] <= limit:
                if j in matched:
                    matches.append(matched[j])
                    last = j
                elif starts[j] - ends[last] > self.surround:
                    break
                j += 1
            end_index = j - 1 if j - 1 >= last else last
            fragments.append(Fragment(text, matches, starts[first], ends[end_index]))
            i = j
        return fragments


class SegmentFormatter(Formatter):
    """Formats fragments as lists of :class:`Segment` (see the module docstring)."""

    def format_fragment(self, fragment: Fragment, replace: bool = False) -> list[Segment]:
        segments: list[Segment] = []
        index = fragment.startchar
        text = fragment.text
        for match in fragment.matches:
            if match.startchar < index:
                continue
            if match.startchar > index:
                segments.append(Segment(text[index : match.startchar]))
            segments.append(Segment(text[match.startchar : match.endchar], True))
            index = match.endchar
        if index < fragment.endchar:
            segments.append(Segment(text[index : fragment.endchar]))
        return segments

    def format(self, fragments: Sequence[Fragment], replace: bool = False) -> list[Segment]:
        segments: list[Segment] = []
        for number, fragment in enumerate(sorted(fragments, key=lambda f: f.startchar)):
            if number or fragment.startchar > 0:
                segments.append(Segment(ELLIPSIS if number else "… "))
            segments.extend(self.format_fragment(fragment))
            if number == len(fragments) - 1 and fragment.endchar < len(fragment.text):
                segments.append(Segment(" …"))
        return segments

    def __call__(self, text: str, fragments: Sequence[Fragment]) -> list[Segment]:
        return self.format(fragments)


def make_snippet(
    text: str,
    terms: Iterable[str],
    analyzer: CompositeAnalyzer,
    *,
    fragments: int = 2,
    maxchars: int = 220,
) -> list[Segment]:
    """The best ``fragments`` extracts of ``text`` with the query's ``terms`` marked; the
    opening words when no term occurs in it (a hit by title or citation)."""
    if not text:
        return []
    termset = frozenset(terms)
    segments: list[Segment] = []
    if termset:
        start, end = window(text, termset)
        segments = highlight(
            text[start:end],
            termset,
            analyzer,
            WordBoundaryFragmenter(maxchars=maxchars),
            SegmentFormatter(),
            top=fragments,
        )
        if segments and start > 0 and not segments[0].text.startswith("…"):
            segments.insert(0, Segment("… "))
        if segments and end < len(text) and not segments[-1].text.endswith("…"):
            segments.append(Segment(" …"))
    if segments:
        return segments
    return opening(text, analyzer, maxchars)


WINDOW_BEFORE = 300
WINDOW_AFTER = 700


def window(text: str, terms: frozenset[str]) -> tuple[int, int]:
    """The part of a long text worth segmenting for a snippet: around the first place a
    query term occurs literally, cut at spaces (Thai separates clauses with spaces).
    Segmenting a 20,000-character section for a 220-character snippet would dominate
    the page's time.  The whole text when no term occurs literally (Thai digits, case)."""
    if len(text) <= WINDOW_BEFORE + WINDOW_AFTER:
        return 0, len(text)
    positions = [p for p in (text.find(term) for term in terms) if p >= 0]
    if not positions:
        return 0, len(text)
    first = min(positions)
    start = max(0, first - WINDOW_BEFORE)
    end = min(len(text), first + WINDOW_AFTER)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", first, end)
        end = space if space > first else end
    return start, end


def opening(text: str, analyzer: CompositeAnalyzer, maxchars: int) -> list[Segment]:
    if len(text) <= maxchars:
        return [Segment(text)]
    end = 0
    for token in analyzer(text, chars=True, mode="query", removestops=False):
        if token.endchar > maxchars:
            break
        end = token.endchar
    return [Segment(text[: end or maxchars]), Segment(" …")]
