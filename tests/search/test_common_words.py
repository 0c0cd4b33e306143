"""Words in most sections are not scored on their own when the query has rarer words."""

from __future__ import annotations

from flask import Flask

from lawreg.services import search as search_service
from search_index.query import scoring_words


def test_a_word_in_every_section_is_dropped_only_beside_rarer_words(searchable: Flask) -> None:
    with searchable.app_context(), search_service.get_index().searcher() as searcher:
        # every sample section's text starts with "มาตรา"; "ลักทรัพย์" is in two of them
        assert scoring_words(searcher, ["มาตรา", "ลักทรัพย์", "มาตรา"]) == ["ลักทรัพย์"]
        assert scoring_words(searcher, ["มาตรา"]) == ["มาตรา"]
