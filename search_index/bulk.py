"""Bulk segment building: the full rebuild's fast path to a standard Whoosh index.

Whoosh's writer spends most of a rebuild on per-posting work that a rebuild does not need:
a Token object per word, a sorting pool of (field, term, docnum, weight, value) tuples, and
at commit a re-read of every document's field length for every posting.  A rebuild knows
all of its documents up front, so :class:`SegmentBuilder` keeps each field's postings in
memory (per term: docnums, weights, encoded values, already in docnum order), analyses the
Thai fields through :func:`search_index.analysis.index_positions` (the same terms and
positions as the schema's analyzer, without Token objects), remembers the analysis of values
that repeat (every section of a law carries the law's title, type, agency, groups), and
writes the segment with Whoosh's own codec objects: the W3 per-document writer (stored
fields, lengths, columns), the W3 field writer and term table, and the W3 posting block
format — so the result is an ordinary Whoosh segment that Whoosh opens, searches, updates
and merges.  tests/search/test_bulk.py holds it equal to what Whoosh's writer makes of the
same documents.  The writer classes that fill Whoosh's posting blocks directly live in
:mod:`.whoosh_adapter` with Whoosh's other internals.

:func:`search_index.rebuild.build_segments` runs builders in worker processes, each
writing one segment of the same new index generation, and commits them with
:func:`commit_segments`.
"""

from __future__ import annotations

import shutil
from array import array
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3Segment
from whoosh.fields import FieldType, Schema, UnknownFieldError
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Frequency, Positions
from whoosh.index import TOC, clean_files
from whoosh.system import pack_uint
from whoosh.util.numeric import length_to_byte

from .analysis import CACHED_TEXT_CHARS, index_positions, is_plain_thai_analyzer
from .whoosh_adapter import BulkFieldWriter

INDEX_NAME = "MAIN"  # Whoosh's default index name
# A document as Whoosh takes it: field name → value, no None or empty values
# (:func:`search_index.index.clean_document` of a lawreg.search.Document).
Fields = Mapping[str, Any]
CACHED_VALUES = 4096  # analysed values remembered per field

# One analysed value: (term, frequency, weight, encoded posting value) per term, the
# tuples Whoosh's FieldType.index yields (Thai fields: the term as str, see _FieldPlan).
Items = tuple[tuple[Any, int, float, bytes], ...]


# -- analysis ------------------------------------------------------------------------------


class _Postings:
    """One term's postings in one segment, in docnum order."""

    __slots__ = ("docnums", "weights", "values")

    def __init__(self) -> None:
        self.docnums = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []


class _FieldPlan:
    """How one field's values become postings, stored values and columns.

    ``terms`` maps each term to its postings: by ``str`` for the Thai fields (encoded at
    write time; UTF-8 keeps code point order) and by the bytes Whoosh's
    ``FieldType.index`` yields for the others.
    """

    def __init__(self, name: str, field: FieldType) -> None:
        self.name = name
        self.field = field
        self.indexed = bool(field.indexed)
        self.scorable = bool(field.scorable)
        self.stored = bool(field.stored)
        self.column = field.column_type
        self.terms: defaultdict[Any, _Postings] = defaultdict(_Postings)
        self.lengths = bytearray()  # per document: the field length byte (scorable fields)
        self.cache: dict[Any, Items] = {}
        fmt = field.format
        thai = self.indexed and is_plain_thai_analyzer(getattr(field, "analyzer", None))
        self.thai = thai and type(fmt) in (Positions, Frequency)
        self.positions = type(fmt) is Positions
        self.boost = fmt.field_boost if fmt is not None else 1.0
        self.encoded: dict[int, bytes] = {}  # one position, or a frequency → its encoding

    def add(self, docnum: int, value: Any) -> int:
        """Add the postings of ``value`` in document ``docnum``; returns the field length
        (the number of tokens, as Whoosh counts it)."""
        if self.thai and self.positions and len(value) > CACHED_TEXT_CHARS:
            return self._add_text(docnum, value)
        terms = self.terms
        length = 0
        for term, frequency, weight, encoded in self._items(value):
            postings = terms[term]
            postings.docnums.append(docnum)
            postings.weights.append(weight)
            if encoded:
                postings.values.append(encoded)
            length += frequency
        return length

    def _add_text(self, docnum: int, value: str) -> int:
        """:meth:`add` for a long Thai value with positions (a section's text: never
        repeated, so not remembered), in one pass over its terms."""
        terms = self.terms
        boost = self.boost
        single = self.encoded
        encode = self.field.format.encode
        length = 0
        for term, found in index_positions(value).items():
            postings = terms[term]
            count = len(found)
            postings.docnums.append(docnum)
            postings.weights.append(count * boost)
            if count == 1:
                encoded = single.get(found[0])
                if encoded is None:
                    encoded = single[found[0]] = encode(found)
            else:
                encoded = encode(found)
            postings.values.append(encoded)
            length += count
        return length

    def _items(self, value: Any) -> Items:
        """The analysed ``value``, remembered: a law's title, type, agency, groups and
        chapters repeat in all its sections."""
        try:
            found = self.cache.get(value)
        except TypeError:  # an unhashable value (a list for a KEYWORD field)
            return tuple(self.field.index(value))
        if found is None:
            if self.thai:
                boost = self.boost
                found = tuple(
                    (term, len(where), len(where) * boost, self._encode(where))
                    for term, where in index_positions(value).items()
                )
            else:
                found = tuple(self.field.index(value))
            if len(self.cache) >= CACHED_VALUES:
                self.cache.clear()
            self.cache[value] = found
        return found

    def _encode(self, found: list[int]) -> bytes:
        """The posting value of a term at positions ``found``: Positions.encode, or
        Frequency's packed count.  The encodings of one position (most postings of a section)
        and of a count are shared, not rebuilt."""
        key = found[0] if self.positions else len(found)
        if len(found) == 1 or not self.positions:
            encoded = self.encoded.get(key)
            if encoded is None:
                encoded = self.encoded[key] = self._encode_new(found)
            return encoded
        return self._encode_new(found)

    def _encode_new(self, found: list[int]) -> bytes:
        if self.positions:
            return self.field.format.encode(found)
        return pack_uint(len(found))

    def sorted_terms(self) -> list[tuple[bytes, _Postings]]:
        """The postings in term order (by UTF-8 bytes, as Whoosh's term table needs)."""
        if self.thai:
            return [(term.encode("utf-8"), self.terms[term]) for term in sorted(self.terms)]
        return sorted(self.terms.items())


# -- writing -------------------------------------------------------------------------------


class SegmentBuilder:
    """Writes documents into one new segment of the index in ``storage``.

    Stored fields, lengths and columns stream to the per-document writer as documents
    arrive; postings stay in memory until :meth:`finish` writes the term table and posting
    lists.  The caller commits the segment to a table of contents.
    """

    def __init__(self, storage: FileStorage, schema: Schema, indexname: str = INDEX_NAME) -> None:
        for name, field in schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name!r}: vectors and spelling are not bulk-built")
        self.storage = storage
        self.schema = schema
        self.codec = W3Codec()
        self.segment = self.codec.new_segment(storage, indexname)
        self.perdoc = self.codec.per_document_writer(storage, self.segment)
        self.plans = {name: _FieldPlan(name, field) for name, field in schema.items()}
        self.doc_count = 0

    def add(self, document: Fields) -> None:
        """Add one document (no ``None`` or empty values: see ``index.clean_document``).

        A document with a field the schema lacks is refused whole; any other error (a
        value its field cannot index) leaves the builder unusable — a rebuild then
        discards its generation."""
        plans = self.plans
        unknown = document.keys() - plans.keys()
        if unknown:
            raise UnknownFieldError(f"No field named {sorted(unknown)[0]!r} in {self.schema}")
        docnum = self.doc_count
        perdoc = self.perdoc
        perdoc.start_doc(docnum)
        try:
            for name in sorted(document):
                plan = plans[name]
                value = document[name]
                length = 0
                if plan.indexed:
                    length = plan.add(docnum, value)
                    if plan.scorable:
                        lengths = plan.lengths
                        if len(lengths) < docnum:
                            lengths.extend(bytes(docnum - len(lengths)))
                        lengths.append(length_to_byte(length))
                    else:
                        length = 0
                perdoc.add_field(name, plan.field, value if plan.stored else None, length)
                if plan.column is not None:
                    perdoc.add_column_value(name, plan.column, plan.field.to_column_value(value))
        except BaseException:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self.doc_count += 1

    def finish(self) -> W3Segment | None:
        """Write the segment's files (compound, as Whoosh's writer does); None if empty."""
        if not self.doc_count:
            self.cancel()
            return None
        self.perdoc.close()
        writer = BulkFieldWriter(self.storage, self.segment)
        for name in sorted(self.plans):
            plan = self.plans[name]
            if not plan.terms:
                continue
            lengths = None
            if plan.scorable:
                lengths = plan.lengths
                lengths.extend(bytes(self.doc_count - len(lengths)))
            writer.start_field(name, plan.field)
            for btext, postings in plan.sorted_terms():
                writer.add_term(btext, postings.docnums, postings.weights, postings.values,
                                lengths)
            writer.finish_field()
            plan.terms.clear()
        writer.close()
        segment = self.segment
        segment.set_doc_count(self.doc_count)
        segment.create_compound_file(self.storage)
        return segment

    def cancel(self) -> None:
        if not self.perdoc.is_closed:
            self.perdoc.close()


def commit_segments(
    storage: FileStorage, schema: Schema, segments: Sequence[W3Segment], indexname: str = INDEX_NAME
) -> None:
    """Write the table of contents listing ``segments`` (the index must be freshly created)
    and remove what the builders left behind: files of empty segments, the temporary folder."""
    generation = TOC.read(storage, indexname).generation + 1
    TOC(schema, list(segments), generation).write(storage, indexname)
    clean_files(storage, indexname, generation, segments)
    shutil.rmtree(Path(storage.folder) / f"{indexname}.tmp", ignore_errors=True)
