"""The contract between lawreg and Whoosh's internals: each behaviour
search_index/whoosh_adapter.py relies on, checked against the installed Whoosh-Reloaded.

A failure here after a Whoosh upgrade means the adapter reads something that moved; it
names what broke.  Fix the adapter (its docstring lists every private attribute), then
update the exact pin in pyproject.toml.  The adapter's functions are compared with what
Whoosh's public API says about the same index, so a silent change of meaning fails too.
"""

from __future__ import annotations

import math
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3LeafMatcher, W3PostingsWriter
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.formats import Positions
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from search_index import whoosh_adapter as adapter

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = 300  # "common" is in every document: three posting blocks of 128
BLOCK = 128


def broken(what: str) -> str:
    return (f"Whoosh contract broken: {what}. search_index/whoosh_adapter.py relies on it "
            f"(Whoosh-Reloaded {version('Whoosh-Reloaded')} installed); see its docstring.")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> whoosh_index.FileIndex:
    schema = Schema(doc_id=ID(stored=True, unique=True), text=TEXT(phrase=True),
                    year=NUMERIC(int, bits=32, sortable=True, signed=False))
    folder = tmp_path_factory.mktemp("contract")
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer()
    for n in range(DOCUMENTS):
        words = ["common"] * (1 + n % 3) + (["rare", "word"] if n % 50 == 0 else ["filler"] * (n % 7))
        writer.add_document(doc_id=str(n), text=" ".join(words), year=2400 + n % 120)
    writer.commit()
    return ix


@pytest.fixture
def reader(index: whoosh_index.FileIndex) -> IndexReader:
    with index.reader() as opened:
        yield opened


def public_postings(reader: IndexReader, word: str) -> list[tuple[int, float, bytes]]:
    matcher = reader.postings("text", word.encode())
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


def test_whoosh_is_pinned_exactly_to_the_installed_version() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = [d for d in dependencies if re.match(r"(?i)whoosh-reloaded\b", d)]
    assert pins == [f"Whoosh-Reloaded=={version('Whoosh-Reloaded')}"], broken(
        f"pyproject.toml pins {pins}; the adapter was verified against the installed version "
        "only, so pin it exactly (==)")


def test_posting_lists_are_w3_leaf_matchers(reader: IndexReader) -> None:
    matcher = adapter.leaf_matcher(reader, "text", b"common")
    assert isinstance(matcher, W3LeafMatcher), broken(
        f"postings of the default codec are {type(matcher)}, not W3LeafMatcher")
    for name in ("_baseoffset", "_nextoffset", "_lastblock", "_blocklength", "_byteids"):
        assert hasattr(matcher, name), broken(f"W3LeafMatcher has no {name}")
    assert callable(getattr(matcher, "_goto", None)), broken("W3LeafMatcher has no _goto()")
    assert callable(getattr(matcher, "_read_data", None)), broken(
        "W3LeafMatcher has no _read_data()")
    matcher._read_data()
    data = matcher._data
    assert isinstance(data, tuple) and len(data) == 3, broken(
        f"a decoded block is {type(data)} of {len(data) if isinstance(data, tuple) else '?'}, "
        "not the (ids, weights, values) tuple")
    assert not matcher._byteids, broken("document postings' ids are no longer delta-coded")


def test_posting_blocks_hold_what_the_public_matcher_reads(reader: IndexReader) -> None:
    for word in ("common", "rare", "filler"):
        blocks = list(adapter.posting_blocks(adapter.leaf_matcher(reader, "text", word.encode())))
        ids = np.concatenate([b[0] for b in blocks]).tolist()
        weights = np.concatenate([b[1] for b in blocks]).tolist()
        values = [v for b in blocks for v in b[2]]
        expected = public_postings(reader, word)
        assert ids == [p[0] for p in expected], broken(f"block ids of {word!r} differ")
        assert weights == [p[1] for p in expected], broken(f"block weights of {word!r} differ")
        assert values == [p[2] for p in expected], broken(f"block values of {word!r} differ")
    assert len(list(adapter.posting_blocks(adapter.leaf_matcher(reader, "text", b"common")))) \
        == math.ceil(DOCUMENTS / BLOCK), broken(f"blocks no longer hold {BLOCK} postings")


def test_block_directory_and_jumps_agree_with_the_blocks(reader: IndexReader) -> None:
    directory = adapter.block_directory(adapter.leaf_matcher(reader, "text", b"common"))
    assert directory is not None
    maxids, offsets = directory
    blocks = list(adapter.posting_blocks(adapter.leaf_matcher(reader, "text", b"common")))
    assert maxids == [int(b[0][-1]) for b in blocks], broken(
        "a block header's max id is not the block's last document")
    matcher = adapter.leaf_matcher(reader, "text", b"common")
    for offset, block in reversed(list(zip(offsets, blocks, strict=True))):
        ids, weights, values = adapter.block_at(matcher, offset)
        assert ids.tolist() == block[0].tolist() and list(values) == list(block[2]), broken(
            "_goto(offset) does not land on the block the directory names")


def test_positions_are_a_count_and_a_protocol_2_pickle(reader: IndexReader) -> None:
    fmt = reader.schema["text"].format
    assert isinstance(fmt, Positions)
    encoded = fmt.encode([3, 7, 20])
    assert encoded[:4] == (3).to_bytes(4, "big"), broken(
        "a Positions value no longer starts with its 4-byte big-endian count")
    assert encoded[4:6] == b"\x80\x02" and encoded.endswith(b"."), broken(
        "a Positions value is no longer a protocol-2 pickle (PROTO 2 ... STOP)")
    values = [v for _, _, v in public_postings(reader, "common")]
    counts, flat = adapter.decode_positions(values, fmt.decode_positions)
    expected = [fmt.decode_positions(v) for v in values]
    assert counts.tolist() == [len(p) for p in expected]
    assert flat.tolist() == [p for positions in expected for p in positions], broken(
        "the spliced pickle of position deltas decodes differently from Whoosh's decoder")


def test_spliced_pickles_are_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback (Whoosh's decoder per posting) gives the same answer more slowly; a
    layout change must fail here rather than go quietly slow."""
    fmt = Positions()
    values = [fmt.encode(p) for p in ([0], [1, 5], [2, 3, 40])]

    def refuse(value: bytes) -> list[int]:
        raise AssertionError(broken("the spliced-pickle decoder fell back to Whoosh's"))

    counts, flat = adapter.decode_positions(values, refuse)
    assert counts.tolist() == [1, 2, 3] and flat.tolist() == [0, 1, 5, 2, 3, 40]


def test_numeric_column_reads_what_the_column_reader_gives(reader: IndexReader) -> None:
    column = reader.schema["year"].column_type
    values = adapter.numeric_column(reader, "year", column)
    public = reader.column_reader("year", translate=False)
    assert values.tolist() == [public[d] for d in range(reader.doc_count_all())], broken(
        "NumericColumn.Reader's _typecode/_count/_default/_dbfile/_basepos no longer "
        "describe the stored column")


def test_length_bytes_are_the_field_lengths(reader: IndexReader) -> None:
    lengths = adapter.length_bytes(reader, "text")
    assert [byte_to_length(int(b)) for b in lengths] == [
        reader.doc_field_length(d, "text") for d in range(reader.doc_count_all())
    ], broken("_lenfield(name) through reader._perdoc is not the field-length column")


def test_bm25f_keeps_per_field_b_in_field_b() -> None:
    weighting = BM25F(B=0.75, K1=1.2, text_B=0.3)
    assert adapter.bm25_field_b(weighting, "text") == 0.3, broken("BM25F._field_B moved")
    assert adapter.bm25_field_b(weighting, "title") == 0.75


def test_a_searcher_knows_its_index_folder(index: whoosh_index.FileIndex) -> None:
    with index.searcher() as searcher:
        assert adapter.index_folder(searcher) == index.storage.folder, broken(
            "Searcher._ix is not the index the searcher reads")


def test_posting_and_field_writers_keep_their_block_state() -> None:
    storage = RamStorage()
    codec = W3Codec()
    for name in ("_blocklimit", "_compression", "_inlinelimit"):
        assert hasattr(codec, name), broken(f"W3Codec has no {name}")
    segment = codec.new_segment(storage, "MAIN")
    writer = adapter.BulkFieldWriter(storage, segment)
    assert isinstance(writer, W3FieldWriter)
    writer.start_field("text", TEXT())
    postings = writer._postwriter
    assert isinstance(postings, W3PostingsWriter), broken("W3FieldWriter._postwriter moved")
    postings._new_block()
    for name in ("_ids", "_weights", "_values", "_maxweight", "_minlength", "_maxlength",
                 "_blocklimit"):
        assert hasattr(postings, name), broken(f"W3PostingsWriter has no {name}")
    assert callable(getattr(postings, "_write_block", None)), broken(
        "W3PostingsWriter has no _write_block()")
    writer.start_term(b"word")
    postings.add_all([0, 1, 2], [1.0, 2.0, 1.0], [b"", b"", b""], bytearray([1, 2, 1]))
    writer.finish_term()
    writer.finish_field()
    writer.close()
