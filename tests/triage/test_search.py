"""Flag categories reach the search index: screen, filter by flag, dismiss, the count drops."""

from __future__ import annotations

from lawreg.search import SearchRequest
from lawreg.services.flags.triage import decide
from lawreg.services.search import check_index, search
from lawreg.services.search_documents import law_documents, load_laws

from .conftest import OTHER_LAW, OWN_LAW, flag_ids


def flag_search(db, category: str):
    """Sections saying มาตรา (every section) with a live ``category`` flag."""
    def run(uow):
        return search(SearchRequest(text="มาตรา", flag=category, per_page=50))
    return db(run)


def sections(results) -> set[str]:
    return {hit.doc_id for hit in results.hits if "#" in hit.doc_id}


def facet(results, name: str) -> dict[str, int]:
    return dict(results.facets.get(name, []))


def test_flag_filter_end_to_end(screened, db, app, signed_in):
    results = flag_search(db, "obstructs_digital")
    assert sections(results) == {f"{OWN_LAW}#5"}
    everything = db(lambda uow: search(SearchRequest(text="มาตรา", per_page=50)))
    counts = facet(everything, "flag")
    assert counts == {"obstructs_digital": 1, "duplicative": 2, "outdated": 1}
    duplicates = flag_search(db, "duplicative")
    assert sections(duplicates) == {f"{OWN_LAW}#7", f"{OTHER_LAW}#9"}

    page = app.test_client().get("/search?q=มาตรา&flag=obstructs_digital").get_data(as_text=True)
    assert f"/laws/{OWN_LAW}/sections/5" in page and f"/laws/{OTHER_LAW}/sections/9" not in page

    # Dismissal reaches the index through the commit listener: the count drops.
    digital = db(lambda uow: flag_ids(uow, OWN_LAW, "obstructs_digital"))
    signed_in("officer").post("/triage/decide", data={
        "flag": [str(i) for i in digital], "action": "dismiss", "reason": "ยื่นออนไลน์ได้แล้ว"})
    after = db(lambda uow: search(SearchRequest(text="มาตรา", per_page=50)))
    assert facet(after, "flag") == {"duplicative": 2, "outdated": 1}
    assert sections(flag_search(db, "obstructs_digital")) == set()
    # The index agrees with the database (the content hash covers the categories).
    assert db(lambda uow: check_index(uow.session).in_sync)


def test_documents_carry_live_categories_per_section(screened, db):
    def documents(uow):
        law = load_laws(uow.session, [OWN_LAW])[0]
        return {doc["doc_id"]: doc["flag_categories"] for doc in law_documents(law)}
    docs = db(documents)
    assert docs[f"{OWN_LAW}#5"] == "obstructs_digital"
    assert docs[f"{OWN_LAW}#7"] == "duplicative"
    assert docs[f"{OWN_LAW}#1"] == ""
    assert set(docs[OWN_LAW].split(",")) == {"duplicative", "obstructs_digital", "outdated"}

    def dismiss_outdated(uow):
        decide(uow, flag_ids(uow, OWN_LAW, "outdated"), "dismissed", "ไม่ล้าสมัย")
    db(dismiss_outdated)
    docs = db(documents)
    assert docs[f"{OWN_LAW}#6"] == ""
    assert set(docs[OWN_LAW].split(",")) == {"duplicative", "obstructs_digital"}
