"""Write ``search_index/data/wordnet_en_th.tsv.xz``: English words → Thai words, by WordNet sense.

The Thai WordNet that PyThaiNLP ships (NICT, 2011; ``pythainlp/corpus/wordnet_th.db``) names
each of its synsets by the Princeton WordNet 3.0 synset it translates ("06473168-n" is
*copyright*: ลิขสิทธิ์).  Joined with Princeton's index of English lemmas (Debian's
``wordnet-base``: ``/usr/share/wordnet/index.*``, each lemma's synsets in order of sense
frequency) this gives, for 85,000 English words and phrases, the Thai words of their most
frequent senses: "pawnshop" → สถานธนานุบาล, โรงรับจำนำ; "interest rate" → อัตราดอกเบี้ย.
lawreg's own glossary (``glossary_en_th.tsv``) is written by hand for legal phrases; this
table answers the English words it does not list (:func:`search_index.vocabulary.wordnet_expansions`).

Run once, and again only to change what it keeps (:data:`MAX_SENSES`, :data:`MAX_WORDS`, the
taxonomy left out); the output is committed::

    apt-get install wordnet-base
    .venv/bin/python -m bench.make_wordnet_glossary [/usr/share/wordnet] > /dev/null

Licences: Princeton WordNet 3.0 and the Thai WordNet both allow copying and redistribution
with their notices, which ``search_index/data/WORDNET_NOTICE.txt`` carries.
"""

from __future__ import annotations

import lzma
import re
import sqlite3
import sys
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

from lawreg.thai.normalize import fold_for_matching

MAX_SENSES = 3  # an English word's most frequent senses kept
MAX_WORDS = 3  # the longest English phrase kept (search_index.vocabulary.MAX_WORDNET_WORDS)
# Taxonomy ("genus Canis", "สกุลคานิส") names no statute's subject and fills a third of the table.
_TAXON_EN = re.compile(r"^(?:genus|subgenus|family|subfamily|superfamily|order|suborder|class|"
                       r"subclass|phylum|division|tribe) |[0-9]")
_TAXON_TH = re.compile(r"สกุล|วงศ์|อันดับ|ไฟลัม")
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
OUTPUT = Path(__file__).resolve().parent.parent / "search_index" / "data" / "wordnet_en_th.tsv.xz"
_THAI_WORD = re.compile(r"[ก-๎]{2,}")


def thai_synsets() -> dict[str, list[str]]:
    """Synset id ("06473168-n") → its Thai words (folded, Thai letters only)."""
    path = files("pythainlp.corpus").joinpath("wordnet_th.db")
    found: dict[str, list[str]] = defaultdict(list)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        for synset, lemma in connection.execute("SELECT synsetid, li FROM word_synset ORDER BY rowid"):
            word = fold_for_matching(lemma)
            if _THAI_WORD.fullmatch(word) and not _TAXON_TH.match(word) and word not in found[synset]:
                found[synset].append(word)
    return found


def english_senses(wordnet: Path) -> dict[str, list[str]]:
    """English lemma ("interest rate") → its synset ids, most frequent sense first, over
    all parts of speech (nouns first)."""
    senses: dict[str, list[str]] = defaultdict(list)
    for name, pos in POS.items():
        for line in (wordnet / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):  # the licence at the top of the file
                continue
            fields = line.split()
            lemma, count = fields[0], int(fields[2])
            offsets = fields[-count:]
            senses[lemma.replace("_", " ")].extend(f"{offset}-{pos}" for offset in offsets)
    return senses


def main(argv: list[str]) -> None:
    wordnet = Path(argv[1]) if len(argv) > 1 else Path("/usr/share/wordnet")
    thai = thai_synsets()
    rows: list[str] = []
    for lemma, synsets in sorted(english_senses(wordnet).items()):
        if len(lemma.split()) > MAX_WORDS or _TAXON_EN.search(lemma):
            continue
        for rank, synset in enumerate(synsets[:MAX_SENSES], start=1):
            if thai.get(synset):
                rows.append(f"{lemma}\t{rank}\t{'|'.join(thai[synset])}")
    with lzma.open(OUTPUT, "wt", encoding="utf-8", preset=9 | lzma.PRESET_EXTREME) as out:
        out.write("# English lemma<TAB>sense rank<TAB>Thai words (bench/make_wordnet_glossary.py)\n")
        out.write("\n".join(rows) + "\n")
    print(f"{len(rows)} rows, {len({row.split(chr(9))[0] for row in rows})} English lemmas -> {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv)
