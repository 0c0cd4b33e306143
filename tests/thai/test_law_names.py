"""The law-name table: names derived from the laws themselves, resolved without keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importers.base import ImportReport
from importers.krisdika_catalog import parse as parse_catalogue
from lawreg.thai.citations import find_citations
from lawreg.thai.law_names import LawName, LawNameTable, name_forms

FIXTURE = Path(__file__).parent.parent / "fixtures" / "citations_statute"

TABLE = LawNameTable([
    LawName("k-criminal", "ประมวลกฎหมายอาญา", 2499),
    LawName("k-civil", "ประมวลกฎหมายแพ่งและพาณิชย์", 2468),
    LawName("k-revenue", "ประมวลรัษฎากร", 2481),
    LawName("k-e-tx", "พระราชบัญญัติว่าด้วยธุรกรรมทางอิเล็กทรอนิกส์ พ.ศ. 2544", 2544),
    LawName("k-customs-old", "พระราชบัญญัติศุลกากร พระพุทธศักราช 2469", 2469, has_text=False),
    LawName("k-customs", "พระราชบัญญัติศุลกากร พ.ศ. 2560", 2560),
    LawName("k-decree", "พระราชกำหนดการบริหารราชการในสถานการณ์ฉุกเฉิน พ.ศ. 2548", 2548),
    LawName("k-gambling", "พระราชบัญญัติการพนัน พุทธศักราช 2478", 2478),
    LawName("k-gambling-2", "พระราชบัญญัติการพนัน (ฉบับที่ 2) พุทธศักราช 2482", 2482),
    LawName("k-bankruptcy", "พระราชบัญญัติล้มละลาย พุทธศักราช 2483", 2483, title_en="Bankruptcy Act B.E. 2483 (1940)"),
])


def cited(text: str) -> list[tuple[str | None, str | None]]:
    return [(c.law_key, c.section) for c in find_citations(text, bare_numbers=True, names=TABLE)]


def test_forms_are_derived_from_the_title() -> None:
    forms = dict(name_forms(LawName("x", "พระราชบัญญัติว่าด้วยธุรกรรมทางอิเล็กทรอนิกส์ พ.ศ. 2544", 2544)))
    assert {"พระราชบัญญัติว่าด้วยธุรกรรมทางอิเล็กทรอนิกส์", "พรบว่าด้วยธุรกรรมทางอิเล็กทรอนิกส์",
            "พรบธุรกรรมทางอิเล็กทรอนิกส์", "พระราชบัญญัติธุรกรรมทางอิเล็กทรอนิกส์"} <= set(forms)
    assert "ปรัษฎากร" in dict(name_forms(LawName("y", "ประมวลรัษฎากร")))
    # The codes' abbreviations come with the title, whatever the key.
    assert {"ปอ", "ปอาญา", "criminalcode", "penalcode"} <= set(dict(name_forms(LawName("z", "ประมวลกฎหมายอาญา"))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ป.อ. มาตรา 137", [("k-criminal", "137")]),
        ("ประมวลอาญา ม.๑๓๗", [("k-criminal", "137")]),
        ("ป.รัษฎากร มาตรา 40", [("k-revenue", "40")]),
        ("มาตรา 40 ประมวลรัษฎากร", [("k-revenue", "40")]),
        ("พ.ร.บ.ธุรกรรมทางอิเล็กทรอนิกส์ มาตรา 9", [("k-e-tx", "9")]),
        ("มาตรา 9 แห่งพระราชบัญญัติว่าด้วยธุรกรรมทางอิเล็กทรอนิกส์ พ.ศ. ๒๕๔๔", [("k-e-tx", "9")]),
        ("พรก การบริหารราชการในสถานการณ์ฉุกเฉิน ม.9", [("k-decree", "9")]),
        ("section 90/1 of the Bankruptcy Act", [("k-bankruptcy", "90/1")]),
        ("Bankruptcy Act s. 90 bis", [("k-bankruptcy", "90 ทวิ")]),
        ("พรบล้มละลาย 2483 มาตรา 90/3", [("k-bankruptcy", "90/3")]),
        ("ป.อ. มาตรา 5 ป.พ.พ. มาตรา 6", [("k-criminal", "5"), ("k-civil", "6")]),
    ],
)
def test_citations_resolve_to_the_named_law(text: str, expected: list[tuple[str, str]]) -> None:
    assert cited(text) == expected


def test_the_year_picks_the_law_and_without_it_the_one_with_text_comes_first() -> None:
    [old] = find_citations("พ.ร.บ.ศุลกากร 2469 มาตรา 5", names=TABLE)
    assert (old.candidates, old.ambiguous) == (("k-customs-old",), False)
    [either] = find_citations("พ.ร.บ.ศุลกากร มาตรา 5", names=TABLE)
    assert (either.candidates, either.ambiguous) == (("k-customs", "k-customs-old"), True)


def test_an_amending_act_is_not_a_rival_of_its_principal_act() -> None:
    [principal] = find_citations("พ.ร.บ.การพนัน มาตรา 4", names=TABLE)
    assert (principal.candidates, principal.ambiguous) == (("k-gambling",), False)
    [amending] = find_citations("พ.ร.บ.การพนัน (ฉบับที่ 2) มาตรา 4", names=TABLE)
    assert amending.candidates == ("k-gambling-2",)


def test_short_dotless_names_must_be_words_of_their_own() -> None:
    # "ปอ" inside "ปอด" and "ปอง" is no law; "มาตรา 5" then cites no law.
    assert cited("โรคปอด มาตรา 5") == [(None, "5")]
    assert cited("มาตรา 5 ปองดอง") == [(None, "5")]
    assert cited("มาตรา 5 ปอ") == [("k-criminal", "5")]


def test_a_year_is_not_read_as_a_section() -> None:
    assert cited("พ.ร.บ.ล้มละลาย 2483") == []


def test_the_statute_book_citation_queries_resolve(shared_data: Path) -> None:
    """Every query of the statute-book set names its judged law first, from a table built
    from the catalogue alone (titles, no keys in play: the keys are renamed first)."""
    records = parse_catalogue(shared_data / "krisdika" / "law_catalog.csv", ImportReport("krisdika-catalog"))
    mapping = {record.key: f"law-{number}" for number, record in enumerate(reversed(records))}
    texts = {path.stem for path in (shared_data / "krisdika-texts").glob("*.txt")}
    table = LawNameTable(LawName(mapping[r.key], r.title, r.year_be, has_text=r.source_id in texts)
                         for r in records)
    queries = [json.loads(line) for line in (FIXTURE / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    judged = {line.split()[0]: line.split()[2].split("#")[0]
              for line in (FIXTURE / "qrels.txt").read_text(encoding="utf-8").splitlines()}
    wrong = []
    for query in queries:
        found = find_citations(query["text"], bare_numbers=True, names=table)
        if not found or found[0].law_key != mapping[judged[query["qid"]]]:
            wrong.append(query["text"])
    assert len(wrong) <= 0.05 * len(queries), wrong
