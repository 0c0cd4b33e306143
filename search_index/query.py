"""Searching the index: query building, filters, facets, pinned answers, snippets.

Ranking is Whoosh's BM25F over the fields of :mod:`.schema` with :data:`FIELD_BOOSTS`.
Each query word is searched in each of those fields (a field's score weighted by its boost,
the scores summed, as BM25F does), words are OR-ed (BM25 rewards documents with more of them) and adjacent
words add a phrase bonus.  On top of that the query is *understood*:

1. a citation with a law ("ป.พ.พ. มาตรา 1336") pins that section to the first place; a bare
   "มาตรา 420" boosts every section numbered 420;
2. a law's title or abbreviation that is the whole query pins the law's own document first;
   with other words it lifts that law's sections;
3. everyday Thai words add their legal terms (:mod:`.vocabulary`), as phrases;
4. English words add the Thai terms of the glossary and match English titles.

Quoted phrases must occur.  Filters restrict without scoring; facet counts are over the
whole filtered result set.  The query tree defines the ranking; :mod:`.scoring` computes
Whoosh's scores for it with numpy (see :func:`run`).

Long because the ranking is one definition: the tree built here, the pins and boosts applied
to its scores and the facet pass that reads the same matches must change together; the
parts with a life of their own already live apart (:mod:`.understanding`, :mod:`.coverage`,
:mod:`.context`, :mod:`.relaxation`, :mod:`.snippets`, :mod:`.suggestions`, :mod:`.facets`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.query import (
    And,
    AndMaybe,
    NumericRange,
    Or,
    Phrase,
    Query,
    Term,
)
from whoosh.searching import Searcher

from lawreg.search.results import (
    SORTS,
    Expansion,
    Hit,
    Notice,
    SearchRequest,
    SearchResults,
    Segment,
    Understanding,
)

from .analysis import analyze
from .citing import cited_section_query, named_law_part
from .companions import bring_penalties, lift_companions
from .context import bare_section_pins, context_law
from .coverage import Concept, in_law, query_concepts, weigh_by_coverage
from .facets import facet_columns, facet_counts
from .glosses import glosses
from .index import SearchIndex
from .priors import amending_flags, citation_counts, demote_amending, lift_cited
from .provisions import AskedProvisions, asked_provisions, lift_provisions
from .relaxation import RARE_WORD_DF, spelled_out, split_rare_word
from .schema import FIELD_BOOSTS, KIND_LAW
from .scoring import (
    Scores,
    ranked,
    score_query,
    sorted_by_column,
    term_docs,
    terms_with_prefix,
)
from .snippets import make_snippet
from .suggestions import suggestions
from .thresholds import Fact, lift_thresholds, stated_facts
from .understanding import (
    QueryPlan,
    law_name_table,
    plan_query,
    title_table,
)
from .vocabulary import english_expansions, thai_expansions, wordnet_expansions

THAI_FIELDS = ("text", "heading", "law_title", "abbreviations_text", "chapter")
PHRASE_FIELDS = ("text", "heading", "law_title")
MAX_PER_PAGE = 100
MAX_PAGE = 500
EXPANSION_BOOST = 1.3
SECONDARY_EXPANSION = 0.5  # the first legal term of a table entry is the main one
LAW_LIFT_BOOST = 2.0
PHRASE_BONUS = 1.5
LOOSE_WEIGHT = 0.15
MAX_PHRASE_WORDS = 8
COMMON_WORD_SHARE = 0.35
AMENDING_WEIGHT = 0.5  # an amending instrument's documents count half (see .priors)
CITED_WEIGHT = 0.1  # a section cited n times scores 1 + 0.1 ln(1 + n) times more (.priors)
RELAXED_WEIGHT = 0.8  # the pieces of a rare compound ("บัตร" … "ประชาชน" for "บัตรประชาชน")
PIECE_WEIGHT = 0.3  # one piece of a rare compound on its own ("แรงงาน" of "กฎหมายแรงงาน")
WORDNET_WEIGHT = 0.5  # a WordNet translation counts half a glossary one (.vocabulary)
GLOSS_WEIGHT = 1.0  # a term searched, within its law, for the words defining it (.glosses)
WORDNET_TERMS = 3  # the Thai words of an English word kept (most frequent sense first)


@dataclass
class BuiltQuery:
    query: Query | None
    pins: list[str]
    highlight_terms: set[str]
    understanding: Understanding
    notices: list[Notice]
    concepts: list[Concept] = field(default_factory=list)  # see .coverage
    asked: AskedProvisions = AskedProvisions()  # see .provisions
    facts: list[Fact] = field(default_factory=list)  # see .thresholds


def search(index: SearchIndex, request: SearchRequest) -> SearchResults:
    """Run ``request`` against ``index``; bad input gives notices and no hits, never an error."""
    request = sanitized(request)
    with index.searcher() as searcher:
        plan = plan_query(request.text, law_name_table(searcher))
        built = build_query(searcher, plan)
        if built.query is None:
            return SearchResults(request, [], 0, {}, built.notices, built.understanding)
        filter_query = build_filter(request)
        hits, total, facets = run(searcher, built, filter_query, request)
        results = SearchResults(request, hits, total, facets, built.notices, built.understanding)
        titles = title_table(searcher).titles
        keys = [key for key, _ in facets.get("law", [])]
        keys += [cited.law_key for cited in built.understanding.citations if cited.law_key]
        keys += built.understanding.choices
        results.law_titles = {key: titles.get(key, key) for key in keys}
        if not hits:
            results.suggestions = suggestions(searcher, plan, built.understanding.synonyms)
        return results


def sanitized(request: SearchRequest) -> SearchRequest:
    request.per_page = min(max(1, int(request.per_page)), MAX_PER_PAGE)
    request.page = min(max(1, int(request.page)), MAX_PAGE)
    if request.sort not in SORTS:
        request.sort = "relevance"
    return request


# -- query building --------------------------------------------------------------------


def build_query(searcher: Searcher, plan: QueryPlan) -> BuiltQuery:
    schema = searcher.schema
    thai: CompositeAnalyzer = schema["text"].analyzer
    english: CompositeAnalyzer = schema["law_title_en"].analyzer
    understanding = Understanding()
    notices = list(plan.notices)
    highlight: set[str] = set()
    optional: list[Query] = []
    required: list[Query] = []
    pins: list[str] = []

    for cited in plan.citations:
        understanding.citations.append(cited)
        number_tokens = analyze(thai, f"มาตรา {cited.section}")
        highlight.update(number_tokens)
        part = cited_section_query(searcher, cited, number_tokens)
        pins.extend(part.pins)
        notices.extend(part.notices)
        optional.extend(part.queries)
        understanding.choices.extend(key for key in part.choices if key not in understanding.choices)

    free = plan.free_text
    laws, whole = title_table(searcher).match(free) if free else ([], False)
    understanding.laws = [entry.law_key for entry in laws[:3]]
    lift: Query | None = None
    if laws and whole:
        pins.extend(entry.law_key for entry in laws[:3])
    if laws:
        lift = Term("law_key", laws[0].law_key, boost=LAW_LIFT_BOOST)
    elif free:
        named = named_law_part(searcher, free)
        pins.extend(named.pins)
        understanding.choices.extend(key for key in named.choices if key not in understanding.choices)

    words = analyze(thai, free)
    highlight.update(words)
    facts = stated_facts(free)
    # The number of a stated fact is compared (.thresholds), not matched as a word.
    compared = {word for fact in facts for word in analyze(thai, fact.written)}
    scored = scoring_words(searcher, words)
    scored = [word for word in scored if word not in compared] or scored
    # Only when every word is rare does a piece count on its own: the query would otherwise
    # find (almost) nothing ("กฎหมายแรงงาน"); beside ordinary words it only adds noise.
    all_rare = all(searcher.doc_frequency("text", word) <= RARE_WORD_DF for word in scored)
    for word in scored:
        optional.append(Or([Term(name, word, boost=FIELD_BOOSTS[name]) for name in THAI_FIELDS]))
        pieces = split_rare_word(word, lambda piece: searcher.doc_frequency("text", piece))
        if pieces:
            variants = spelled_out(pieces, word, lambda prefix: terms_with_prefix(searcher, "text", prefix))
            highlight.update([*pieces, *variants])
            optional.append(_pieces_together(pieces, RELAXED_WEIGHT))
            for piece in scoring_words(searcher, pieces) if all_rare else []:
                optional.append(Or([Term(name, piece, boost=FIELD_BOOSTS[name] * PIECE_WEIGHT)
                                    for name in THAI_FIELDS]))
            for variant in variants:
                optional.append(Or([Term(name, variant, boost=FIELD_BOOSTS[name] * RELAXED_WEIGHT)
                                    for name in THAI_FIELDS]))
    if 2 <= len(words) <= MAX_PHRASE_WORDS:
        optional.append(Phrase("text", words, slop=2, boost=PHRASE_BONUS))
    latin = " ".join(w for w in free.split() if w.isascii())
    for word in dict.fromkeys(analyze(english, latin)):
        optional.append(Term("law_title_en", word, boost=FIELD_BOOSTS["law_title_en"]))
    for token in free.split():
        optional.append(Term("abbreviations", token.casefold(), boost=FIELD_BOOSTS["law_title"]))

    understanding.synonyms = thai_expansions(free) if free else []
    understanding.english = english_expansions(free) if free else []
    wordnet = _indexed_translations(searcher, thai, free, understanding.english) if free else []
    understanding.english.extend(wordnet)
    for expansion in [*understanding.synonyms, *understanding.english]:
        for rank, term in enumerate(expansion.terms):
            tokens = analyze(thai, term)
            if tokens:
                highlight.update(tokens)
                weight = EXPANSION_BOOST * (1.0 if rank == 0 else SECONDARY_EXPANSION)
                if expansion in wordnet:
                    weight *= WORDNET_WEIGHT
                optional.append(_phrase_everywhere(tokens, weight, loose=True))

    glossed, bridges = _glossed_terms(searcher, thai, words, scored)
    optional.extend(bridges)

    concepts = query_concepts(
        scored,
        ([analyze(thai, term) for term in expansion.terms]
         for expansion in [*understanding.synonyms, *understanding.english]),
        lambda word: searcher.doc_frequency("text", word), searcher.doc_count(),
        lambda word: split_rare_word(word, lambda piece: searcher.doc_frequency("text", piece)),
        glossed,
    )

    for phrase in plan.phrases:
        tokens = analyze(thai, phrase)
        if tokens:
            highlight.update(tokens)
            required.append(_phrase_everywhere(tokens, PHRASE_BONUS))

    for pin in pins:
        optional.append(Term("doc_id", pin))

    if not optional and not required:
        if not notices:
            notices.append(Notice("no_words"))
        return BuiltQuery(None, [], set(), understanding, notices)
    query: Query
    if required:
        query = And(required)
        if optional:
            query = AndMaybe(query, Or(optional))
    else:
        query = Or(optional)
    if lift is not None:
        query = AndMaybe(query, lift)
    asked = asked_provisions(free, [*understanding.synonyms, *understanding.english], plan.text)
    return BuiltQuery(query, pins, highlight, understanding, notices, concepts, asked, facts)


def _glossed_terms(searcher: Searcher, thai: CompositeAnalyzer, words: Sequence[str],
                   scored: Sequence[str]) -> tuple[dict[str, list[list[str]]], list[Query]]:
    """The terms the query's words stand for in the laws that define them with these words
    (:mod:`.glosses`): per word, each term's spelling for coverage (its words, in its law
    only), and a query finding each term in its law."""
    column = facet_columns(searcher)["law"]
    if column.single is None:
        return {}, []
    found = glosses(searcher, scored, column.single, column.values)
    terms = {gloss.term: analyze(thai, gloss.term) for gloss in found}
    # A word the definition of a term the query already holds uses qualifies that term
    # ("กักกัน … ผู้สัมผัสโรค"): it stands for no other term of that law.
    held = {(gloss.word, gloss.law_key) for gloss in found if set(terms[gloss.term]) <= set(words)}
    glossed: dict[str, list[list[str]]] = {}
    bridges: list[Query] = []
    for gloss in found:
        tokens = terms[gloss.term]
        if tokens and (gloss.word, gloss.law_key) not in held:
            glossed.setdefault(gloss.word, []).append([*tokens, in_law(gloss.law_key)])
            bridges.append(And([Term("law_key", gloss.law_key, boost=0.0),
                                _phrase_everywhere(tokens, GLOSS_WEIGHT)]))
    return glossed, bridges


def _indexed_translations(searcher: Searcher, thai: CompositeAnalyzer, text: str,
                          glossary: Sequence[Expansion]) -> list[Expansion]:
    """WordNet's Thai words for the English words the glossary left (see
    :func:`.vocabulary.wordnet_expansions`), only those the index holds, at most
    :data:`WORDNET_TERMS` each: a translation no section uses cannot find anything."""
    found: list[Expansion] = []
    for expansion in wordnet_expansions(text, [e.source for e in glossary]):
        present = [term for term in expansion.terms
                   if (tokens := analyze(thai, term))
                   and all(searcher.doc_frequency("text", token) for token in tokens)]
        if present:
            found.append(Expansion(expansion.source, tuple(present[:WORDNET_TERMS])))
    return found


def scoring_words(searcher: Searcher, words: Sequence[str]) -> list[str]:
    """The distinct query words worth scoring on their own: a word in more than
    :data:`COMMON_WORD_SHARE` of the sections ("ได้", "ที่", "ไม่") adds almost nothing to
    BM25 but makes the query score most of the index, so it is dropped when the query has
    a rarer word (it still counts inside the phrase bonus and is still highlighted)."""
    distinct = list(dict.fromkeys(words))
    ceiling = COMMON_WORD_SHARE * searcher.doc_count()
    rare = [word for word in distinct if searcher.doc_frequency("text", word) <= ceiling]
    return rare or distinct


def _phrase_everywhere(tokens: Sequence[str], boost: float, *, loose: bool = False) -> Query:
    """A word or phrase in any of the main text fields, weighted by field.  ``loose`` also
    accepts the words of a phrase apart, at a lower weight: the segmenter may split the
    running text differently ("เช่าทรัพย์สิน" is เช่า + ทรัพย์สิน, not เช่า + ทรัพย์)."""
    parts: list[Query] = []
    for name in PHRASE_FIELDS:
        weight = FIELD_BOOSTS[name] * boost
        if len(tokens) == 1:
            parts.append(Term(name, tokens[0], boost=weight))
        else:
            parts.append(Phrase(name, list(tokens), boost=weight))
            if loose:
                parts.append(And([Term(name, t) for t in tokens], boost=weight * LOOSE_WEIGHT))
    return Or(parts)


def _pieces_together(pieces: Sequence[str], boost: float) -> Query:
    """All the pieces of a split compound in one field, anywhere in it (the law puts words
    between them: "บัตร|ประจำตัว|ประชาชน"), weighted by field."""
    return Or([And([Term(name, piece) for piece in pieces], boost=FIELD_BOOSTS[name] * boost)
               for name in THAI_FIELDS])


def build_filter(request: SearchRequest) -> Query | None:
    parts: list[Query] = []
    for name, value in (
        ("law_type", request.law_type),
        ("status", request.status),
        ("law_key", request.law_key),
        ("agency", request.agency),
        ("groups", request.group),
        ("flag_categories", request.flag),
    ):
        if value:
            parts.append(Term(name, value))
    if request.year_from is not None or request.year_to is not None:
        parts.append(NumericRange("year_be", request.year_from, request.year_to))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


# -- running ---------------------------------------------------------------------------


def run(
    searcher: Searcher, built: BuiltQuery, filter_query: Query | None, request: SearchRequest
) -> tuple[list[Hit], int, dict[str, list[tuple[str, int]]]]:
    """The page's hits, the total and the facet counts, from one scoring pass.

    :func:`.scoring.score_query` gives every match with Whoosh's score (Whoosh itself
    scores a broad OR query document by document in Python — most of a query's time at
    30k sections); the total and the facet counts (:func:`facet_columns`) are over all of
    them, the page is the top of them, and only the page's stored fields are read.  In
    relevance order they also count the penalties a query asking for one brings
    (:func:`.companions.bring_penalties`), which the page may show.
    """
    assert built.query is not None
    offset = (request.page - 1) * request.per_page
    wanted = offset + request.per_page
    allowed = filter_docnums(searcher, filter_query)
    found = score_query(searcher, built.query).restricted(allowed)
    if request.sort == "relevance":
        law_of_doc = facet_columns(searcher)["law"].single
        found = weigh_by_coverage(searcher, _with_law_priors(searcher, found), built.concepts)
        found = lift_provisions(searcher, found, built.asked)
        found = lift_thresholds(searcher, found, built.facts)
        found = lift_companions(searcher, found, law_of_doc)
        # A query citing sections names the ones it asks about, penalties included.
        if built.asked.penalty and not built.understanding.citations:
            found = bring_penalties(searcher, found, law_of_doc, allowed)
    facets = facet_counts(searcher, found.docs) if request.facets else {}
    if request.sort != "relevance":
        order = sorted_by_column(searcher, found, "year_be", reverse=request.sort == "year",
                                 limit=wanted)
        page = [(int(found.docs[i]), float(found.scores[i]), False) for i in order[offset:]]
    else:
        pins = built.pins + _context_pins(searcher, built, found)
        page = _pinned_first(searcher, pins, found, allowed, wanted)[offset:wanted]
    analyzer = searcher.schema["text"].analyzer
    hits = [to_hit(searcher.stored_fields(docnum), score, pinned, built, analyzer, request)
            for docnum, score, pinned in page]
    return hits, found.size, facets


# Per reader (the index searcher is kept open between queries, see SearchIndex.searcher):
# whether each law is an amending instrument, built once and reused until the index changes.
_AMENDING: WeakKeyDictionary[Any, np.ndarray] = WeakKeyDictionary()  # law id → amending?


def _with_law_priors(searcher: Searcher, found: Scores) -> Scores:
    """``found`` re-weighted by what each document's law is (see :mod:`.priors`)."""
    column = facet_columns(searcher)["law"]
    if column.single is None:
        return found
    amending = _AMENDING.get(searcher.reader())
    if amending is None:
        amending = amending_flags(column.values, title_table(searcher).titles)
        _AMENDING[searcher.reader()] = amending
    found = lift_cited(found, citation_counts(searcher), CITED_WEIGHT)
    return demote_amending(found, column.single, amending, AMENDING_WEIGHT)


def _context_pins(searcher: Searcher, built: BuiltQuery, found: Scores) -> list[str]:
    """Section numbers cited without a law, in the law the rest of the query is about
    (:mod:`.context`); none when the query has no other words."""
    bare = [cited.section for cited in built.understanding.citations
            if not cited.law_key and not cited.candidates]
    column = facet_columns(searcher)["law"] if bare and built.concepts else None
    if column is None or column.single is None:
        return []
    law = context_law(found, column.single)
    if law is None:
        return []
    return bare_section_pins(bare, column.values[law],
                             lambda doc_id: searcher.document_number(doc_id=doc_id) is not None)


def _pinned_first(searcher: Searcher, pins: list[str], found: Scores,
                  allowed: np.ndarray | None, wanted: int) -> list[tuple[int, float, bool]]:
    """The best ``wanted`` matches as (docnum, score, pinned), the pinned documents first:
    those among the best in the order of ``pins``, then the others (a pinned document the
    filter allows is shown even below the cut-off)."""
    top = [(int(found.docs[i]), float(found.scores[i])) for i in ranked(found, wanted + len(pins))]
    if not pins:
        return [(docnum, score, False) for docnum, score in top]
    in_top = dict(top)
    pinned: list[tuple[int, float, bool]] = []
    below: list[tuple[int, float, bool]] = []
    for pin in dict.fromkeys(pins):
        docnum = searcher.document_number(doc_id=pin)
        if docnum is None or (allowed is not None and not np.isin(docnum, allowed)):
            continue
        if docnum in in_top:
            pinned.append((docnum, in_top[docnum], True))
        else:
            below.append((docnum, found.score_of(docnum) or 0.0, True))
    chosen = pinned + below
    taken = {docnum for docnum, _, _ in chosen}
    return chosen + [(docnum, score, False) for docnum, score in top if docnum not in taken]


def to_hit(fields: dict[str, Any], score: float, pinned: bool, built: BuiltQuery,
           analyzer: CompositeAnalyzer, request: SearchRequest) -> Hit:
    is_law = fields.get("kind") == KIND_LAW
    snippet: list[Segment] = []
    if request.snippets:
        text = fields.get("text") or ""
        if is_law or not text:
            names = [fields.get("law_title"), fields.get("law_title_en")]
            snippet = [Segment(" — ".join(name for name in names if name))]
        else:
            snippet = make_snippet(text, built.highlight_terms, analyzer)
    return Hit(
        doc_id=fields["doc_id"],
        law_key=fields["law_key"],
        law_title=fields.get("law_title", ""),
        section=None if is_law else fields.get("section"),
        label=fields.get("label"),
        heading=fields.get("heading"),
        law_type=fields.get("law_type"),
        year_be=fields.get("year_be"),
        status=fields.get("status"),
        score=score,
        pinned=pinned,
        snippet=snippet,
    )


def filter_docnums(searcher: Searcher, filter_query: Query | None) -> np.ndarray | None:
    """The sorted document numbers a filter (:func:`build_filter`) allows; ``None``: all."""
    if filter_query is None:
        return None
    if type(filter_query) is And:
        parts = [allowed for sub in filter_query.subqueries
                 if (allowed := filter_docnums(searcher, sub)) is not None]
        if not parts:  # every part allows everything
            return None
        docs = parts[0]
        for part in parts[1:]:
            docs = np.intersect1d(docs, part, assume_unique=True)
        return docs
    if isinstance(filter_query, Term):
        return term_docs(searcher, filter_query.fieldname, filter_query.text)
    return np.unique(np.fromiter(searcher.docs_for_query(filter_query), dtype=np.int64))

