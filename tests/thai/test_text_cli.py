from click.testing import CliRunner

from lawreg.commands.text import text_group


def test_repair_keeps_line_count() -> None:
    source = "ใหเ้ ข้ากับ\n\nไดแ้ ก ่\nEnglish line\n"
    result = CliRunner().invoke(text_group, ["repair"], input=source)
    assert result.exit_code == 0
    assert result.output.split("\n") == ["ให้เข้ากับ", "", "ได้แก่", "English line", ""]


def test_tokens_per_line() -> None:
    result = CliRunner().invoke(text_group, ["tokens"], input="ค่าสินไหมทดแทน ม.134/1\n\n")
    assert result.output == "ค่าสินไหมทดแทน | ม. | 134/1\n\n"
    as_json = CliRunner().invoke(text_group, ["tokens", "--json"], input="ลาภมิควรได้\n")
    assert as_json.output == '[["ลาภมิควรได้", 0, 11]]\n'
