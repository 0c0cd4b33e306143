"""Thai dates and Government Gazette references as real consolidated texts write them."""

from __future__ import annotations

from datetime import date

import pytest

from lawreg.thai.dates import be_date_to_ce, month_number, parse_thai_date
from lawreg.thai.gazette import GazetteRef, is_gazette_reference, parse_gazette_ref, thai_date_text
from lawreg.thai.normalize import normalize_source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๒๗ มกราคม ๒๔๘๕", date(1942, 1, 27)),  # after the 1941 reform: B.E. − 543
        ("๑ กุมภาพันธ์ ๒๔๗๘", date(1936, 2, 1)),  # before it the year began on 1 April
        ("๒ ตุลาคม ๒๔๘๒", date(1939, 10, 2)),
        ("วันที่ 9 ธันวาคม พ.ศ. 2476", date(1933, 12, 9)),
        ("๒๘ เมายน ๒๕๔๓", date(2000, 4, 28)),  # a typo one letter off เมษายน
        ("8 ต.ค. 2545", date(2002, 10, 8)),
    ],
)
def test_thai_dates_become_common_era_dates(text, expected):
    assert parse_thai_date(text) == expected


def test_words_that_are_not_months_are_not_read_as_dates():
    assert month_number("มาตรา") is None
    assert parse_thai_date("มาตรา ๑๒ ทวิ ๒๕๖๐") is None
    with pytest.raises(ValueError):
        be_date_to_ce(31, 2, 2560)


def test_thai_date_text_inverts_the_conversion_across_the_calendar_reform():
    for value in (date(1942, 1, 27), date(1936, 2, 1), date(1939, 10, 2), date(2017, 3, 21)):
        assert parse_thai_date(thai_date_text(value)) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ราชกิจจานุเบกษา เล่ม ๕๙/ตอนที่ ๖/หน้า ๒๕๘/๒๗ มกราคม ๒๔๘๕",
         GazetteRef(59, "6", 258, date(1942, 1, 27))),
        ("ราชกิจจานุเบกษา เล่ม ๗๗/ตอนที่ ๓๑/ฉบับพิเศษ หน้า ๓๖/๑๓ เมษายน ๒๕๐๓",
         GazetteRef(77, "31", 36, date(1960, 4, 13), special=True)),
        ("ราชกิจจานุเบกษา\nเล่ม ๕๒/-/หน้า ๑๙๗๘/๑ กุมภาพันธ์ ๒๔๗๘",
         GazetteRef(52, None, 1978, date(1936, 2, 1))),
        ("ราชกิจจานุเยกษา เล่ม ๗๗/ตอนที่ ๖๖/หน้า ๕๕๑/๙ สิงหาคม ๒๕๐๓",
         GazetteRef(77, "66", 551, date(1960, 8, 9))),
        ("ราชกิจจานุเบกษา เล่ม ๑๓๔/ตอนพิเศษ ๘๕ ง/หน้า๔๐/๒๑ มีนาคม ๒๕๖๐",
         GazetteRef(134, "85 ง", 40, date(2017, 3, 21), special=True)),
        ("ราชกิจจานุเบกษา เล่มที่ ๑๑๔/ตอนที่ ๙ ก/หน้า ๑/๑ เมษายน ๒๕๔๐",
         GazetteRef(114, "9 ก", 1, date(1997, 4, 1))),
        ("ราชกิจจานุเษกษา เล่ม ๑๓๖/ตอนที่ ๔๙ ก/หน้า ๑๒/๑๔ เมษายน ๒๕๖๒",
         GazetteRef(136, "49 ก", 12, date(2019, 4, 14))),
        ("ราชกิจจานุเบกษา เล่ม ๔๑/-/น่า ๑๗๕/๒๖ ตุลาคม ๒๔๖๗",
         GazetteRef(41, None, 175, date(1924, 10, 26))),
    ],
)
def test_gazette_references_are_read_part_by_part(text, expected):
    assert is_gazette_reference(text)
    assert parse_gazette_ref(text) == expected


def test_a_gazette_reference_displays_in_one_regular_form():
    ref = parse_gazette_ref("ราชกิจจานุเบกษา เล่ม ๗๗/ตอนที่ ๓๑/ฉบับพิเศษ หน้า ๓๖/๑๓ เมษายน ๒๕๐๓")
    assert ref is not None
    assert ref.display() == "ราชกิจจานุเบกษา เล่ม 77 ตอนที่ 31 ฉบับพิเศษ หน้า 36 วันที่ 13 เมษายน 2503"


def test_an_amendment_footnote_is_not_a_gazette_reference():
    text = "มาตรา ๑๕ แก้ไขเพิ่มเติมโดยพระราชบัญญัติการพนัน (ฉบับที่ ๕) พ.ศ. ๒๔๙๐"
    assert not is_gazette_reference(text)
    assert parse_gazette_ref(text) is None


def test_source_layout_characters_are_normalised_without_moving_lines():
    text = "บรรทัด ๑\r\nบรรทัด ๒\rบรรทัด ๓\n\x93คำ\x94\xa0นิยาม"
    assert normalize_source(text) == "บรรทัด ๑\nบรรทัด ๒\nบรรทัด ๓\n“คำ” นิยาม"
    assert normalize_source(normalize_source(text)) == normalize_source(text)


def test_an_amending_title_is_dated_by_its_own_year_not_the_amended_laws():
    from lawreg.thai.years import own_year_from_title

    assert own_year_from_title("พระราชกำหนดแก้ไขเพิ่มเติมพระราชบัญญัติเรือไทย พุทธศักราช ๒๔๘๑ พ.ศ. ๒๕๖๒") == 2562
    assert own_year_from_title("พระราชบัญญัติการพนัน (ฉบับที่ 2) พุทธศักราช 2482") == 2482
    assert own_year_from_title("ประกาศของคณะปฏิวัติ ฉบับที่ 37") is None
    assert own_year_from_title(
        "กฎกระทรวง ฉบับที่ ๑๗ (พ.ศ. ๒๕๐๓) ออกตามความในพระราชบัญญัติการพนัน พุทธศักราช ๒๔๗๘") == 2503
