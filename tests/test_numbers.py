import pytest

from lawreg.thai.digits import to_arabic_digits, to_thai_digits
from lawreg.thai.numbers import SectionNumberError, parse_section_number, section_sort_key
from lawreg.thai.years import be_to_ce, ce_to_be, normalise_year_be, year_from_title


@pytest.mark.parametrize(
    ("written", "canonical", "label"),
    [
        ("มาตรา ๒๗๗ ทวิ", "277 ทวิ", "มาตรา"),
        ("277ทวิ", "277 ทวิ", "มาตรา"),
        ("277 ทวิ", "277 ทวิ", "มาตรา"),
        ("193/30", "193/30", "มาตรา"),
        ("มาตรา ๑๙๓/๓๐", "193/30", "มาตรา"),
        ("ข้อ ๕", "5", "ข้อ"),
        ("ม. 134/1", "134/1", "มาตรา"),
        ("ม.134/1", "134/1", "มาตรา"),
        (1336, "1336", "มาตรา"),
        (" 83 อัฏฐ ", "83 อัฏฐ", "มาตรา"),
        ("83 อัฎฐ", "83 อัฏฐ", "มาตรา"),
        ("335 ทวิ", "335 ทวิ", "มาตรา"),
    ],
)
def test_parse_section_number_accepts_real_forms(written, canonical, label):
    number = parse_section_number(written)
    assert number.canonical == canonical
    assert number.label == label


@pytest.mark.parametrize("bad", ["", "มาตรา", "abc", "12 ทวิทวิ", "1/2/3", "๑๒ก"])
def test_parse_section_number_rejects_non_numbers(bad):
    with pytest.raises(SectionNumberError):
        parse_section_number(bad)


def test_sort_key_orders_sections_as_thai_codes_do():
    written = ["278", "277/1", "277 ทวิ", "277", "277 ตรี", "193/10", "193/9", "277/2", "1"]
    ordered = sorted(written, key=section_sort_key)
    assert ordered == ["1", "193/9", "193/10", "277", "277 ทวิ", "277 ตรี", "277/1", "277/2", "278"]
    # Revenue Code style: sections inserted after a suffixed one carry their own slash.
    written = ["65/1", "65 นว", "65 อัฏฐ/1", "65", "65 อัฏฐ", "65 อัฏฐ/2", "66"]
    ordered = sorted(written, key=section_sort_key)
    assert ordered == ["65", "65 อัฏฐ", "65 อัฏฐ/1", "65 อัฏฐ/2", "65 นว", "65/1", "66"]


def test_no_space_and_spaced_forms_share_one_canonical_number():
    assert parse_section_number("277ทวิ") == parse_section_number("มาตรา 277 ทวิ")


def test_digits_round_trip():
    assert to_arabic_digits("มาตรา ๒๗๗ พ.ศ. ๒๕๖๐") == "มาตรา 277 พ.ศ. 2560"
    assert to_thai_digits("2560") == "๒๕๖๐"


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("พระราชบัญญัติระเบียบบริหารราชการในพระองค์ พ.ศ. 2560", 2560),
        ("พระราชกำหนด... พ.ศ.2562 ", 2562),
        ("พระราชบัญญัติการเงิน พ.ศ. ๒๕๐๙", 2509),
        ("ประมวลกฎหมายอาญา (ฉบับ Update ล่าสุด)", None),
        ("Act of ค.ศ. 2017", 2560),
        ("พระราชบัญญัติโรงเรียนเอกชน พ.ศ 2550 (ฉบับ Update ล่าสุด)", 2550),
    ],
)
def test_year_from_title(title, year):
    assert year_from_title(title) == year


def test_be_ce_conversion():
    assert be_to_ce(2567) == 2024
    assert ce_to_be(2024) == 2567


def test_normalise_year_be_rejects_common_era():
    assert normalise_year_be("๒๕๖๐") == 2560
    with pytest.raises(ValueError, match="Buddhist-Era"):
        normalise_year_be(2017)
