"""Mine legal terms from the four Thai codes for ``lawreg/data/legal_terms.txt``.

Usage: ``.venv/bin/python bench/mine_legal_terms.py > /tmp/mined.txt`` (reads
``$LAWREG_SHARED_DATA/thai-codes``), then put the output below the "# mined" marker line of
``lawreg/data/legal_terms.txt``.  Three sources, all reproducible from the codes:

1. defined terms: “...” (or "...") followed by หมายความว่า / หมายถึง;
2. short words frequent in the codes but rare in general Thai ("จด", "งด", "คนใด"), which
   the PDF repair must not take for fragments of damaged words;
3. words the dictionary lacks: frequent pairs of adjacent tokens one of which is a rare
   fragment ("ไข" + "ข่าว" → "ไขข่าว"), so the segmenter keeps them whole and the PDF
   repair does not take them for damage;
4. legal compounds: frequent pairs whose first token is a legal head word (ผู้…, เจ้า…,
   ค่า…, คำ…, ศาล…, พนักงาน…, ...) and that recur as a unit (PMI and frequency thresholds).
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
from collections import Counter
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nlpo3  # noqa: E402
from pythainlp.corpus import thai_stopwords  # noqa: E402

from lawreg.thai.abbreviations import dictionary_words  # noqa: E402
from lawreg.thai.normalize import normalize  # noqa: E402
from lawreg.thai.plausibility import rare_in_general_thai  # noqa: E402

DEFINITION_RE = re.compile(r"[“\"]([^”\"]{2,40})[”\"]\s*(?:หมายความ|หมายถึง)")
THAI_WORD_RE = re.compile(r"[\u0e01-\u0e4e]+")
HEADS = (
    "ผู้", "เจ้า", "ค่า", "คำ", "ศาล", "พนักงาน", "หนังสือ", "สิทธิ", "สัญญา", "การ", "ความ",
    "ทรัพย์", "หนี้", "นิติ", "อำนาจ", "พยาน", "หมาย", "คดี", "โทษ",
)  # fmt: skip
MIN_FRAGMENT_PAIR = 3
MIN_LEGAL_SHORT = 30
MIN_COMPOUND = 20
MIN_PMI = 4.0


def main() -> None:
    data = Path(os.environ.get("LAWREG_SHARED_DATA", ROOT.parent / "shared" / "data"))
    texts = []
    for path in sorted((data / "thai-codes").glob("*.json")):
        texts += [s["text"] for s in json.loads(path.read_text(encoding="utf-8"))["sections"]]
    # What the segmenter knows without the mined block: pythainlp's words, the
    # abbreviations and the hand-curated terms (the lines above "# mined").
    terms_file = ROOT / "lawreg" / "data" / "legal_terms.txt"
    curated_text = re.split(r"(?m)^# mined", terms_file.read_text(encoding="utf-8"))[0]
    curated = {w for line in curated_text.splitlines() if (w := line.split("#")[0].strip())}
    pythainlp_words = files("pythainlp.corpus").joinpath("words_th.txt").read_text(encoding="utf-8")
    known = set(pythainlp_words.split()) | set(dictionary_words()) | curated
    mined: set[str] = set()
    for text in texts:
        mined.update(m.strip() for m in DEFINITION_RE.findall(text) if " " not in m.strip())
    unigrams: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    # Segment with the dictionary as it is without the mined block, so that a re-run
    # gives the same list.
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as out:
        out.write("\n".join(sorted(known)) + "\n")
    nlpo3.load_dict(out.name, "lawreg-mining")
    os.unlink(out.name)
    for text in texts:
        for line in normalize(text).split("\n"):
            tokens = [t for t in nlpo3.segment(line, "lawreg-mining") if not t.isspace()]
            unigrams.update(tokens)
            for a, b in zip(tokens, tokens[1:], strict=False):
                if THAI_WORD_RE.fullmatch(a) and THAI_WORD_RE.fullmatch(b):
                    pairs[(a, b)] += 1
    total = sum(unigrams.values())
    stopwords = thai_stopwords()
    # Short words of legal writing that general Thai rarely uses ("จด", "งด", "คนใด").
    legal_short = {
        t for t, n in unigrams.items()
        if n >= MIN_LEGAL_SHORT and THAI_WORD_RE.fullmatch(t) and t in known and rare_in_general_thai(t)
    }  # fmt: skip
    mined |= legal_short

    def fragment(token: str) -> bool:
        return rare_in_general_thai(token) and token not in legal_short

    for (a, b), count in pairs.items():
        word = a + b
        if word in known:
            continue
        # Both parts must occur mostly together, so "หรือ" + "ไข" is not a word.
        together = min(count / unigrams[a], count / unigrams[b])
        if (
            count >= MIN_FRAGMENT_PAIR
            and (fragment(a) or fragment(b))
            and together >= 0.5
            and not {a, b} & stopwords
        ):
            mined.add(word)
            continue
        if count >= MIN_COMPOUND and a.startswith(HEADS) and b not in stopwords:
            pmi = math.log(count * total / (unigrams[a] * unigrams[b]))
            if pmi >= MIN_PMI and count / unigrams[b] >= 0.5:
                mined.add(word)
    for word in sorted((mined - known) | (legal_short - curated)):
        print(word)


if __name__ == "__main__":
    main()
