from lawreg import PROJECT_ROOT

from .html_checks import external_urls

STATIC = PROJECT_ROOT / "lawreg" / "static"
TEMPLATES = PROJECT_ROOT / "templates"


def test_static_files_and_templates_name_no_other_host():
    files = [*STATIC.rglob("*"), *TEMPLATES.rglob("*.html")]
    offending = {
        str(path.relative_to(PROJECT_ROOT)): external_urls(path.read_text(encoding="utf-8"))
        for path in files
        if path.is_file()
    }
    assert {name: urls for name, urls in offending.items() if urls} == {}


def test_stylesheet_uses_thai_system_fonts_only(client):
    response = client.get("/static/lawreg.css")
    assert response.status_code == 200
    css = response.get_data(as_text=True)
    assert '"Sarabun", "Noto Sans Thai", "Leelawadee UI", "Tahoma", sans-serif' in css
    assert "@import" not in css and "@font-face" not in css and "url(" not in css
    assert ":focus-visible" in css


def test_external_url_check_catches_cdns():
    assert external_urls('<link href="https://cdn.example.com/x.css">') == ["https://cdn.example.com"]
    assert external_urls('<script src="//unpkg.com/htmx"></script>') == ["//unpkg.com"]
    assert external_urls('<a href="/laws/test-code">') == []
