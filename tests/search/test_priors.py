"""Law-level priors (search_index.priors): amending instruments count less."""

from __future__ import annotations

import numpy as np
import pytest

from search_index.priors import amending_flags, demote_amending, is_amending_title, lift_cited
from search_index.scoring import Scores


@pytest.mark.parametrize(
    ("title", "amending"),
    [
        ("พระราชบัญญัติประกันสังคม (ฉบับที่ 4) พ.ศ. 2558", True),
        ("พระราชบัญญัติแก้ไขเพิ่มเติมบทบัญญัติแห่งกฎหมายที่เกี่ยวกับความรับผิดในทางอาญาของผู้แทนนิติบุคคล พ.ศ. 2560", True),
        ("พระราชบัญญัติประกันสังคม พ.ศ. 2533", False),
        ("ประมวลกฎหมายแพ่งและพาณิชย์", False),
        ("", False),
    ],
)
def test_amending_instruments_are_recognised_by_their_title(title: str, amending: bool) -> None:
    assert is_amending_title(title) is amending


def test_flags_follow_the_order_of_the_law_keys() -> None:
    titles = {"a": "พระราชบัญญัติบัตรประจำตัวประชาชน พ.ศ. 2526",
              "b": "พระราชบัญญัติบัตรประจำตัวประชาชน (ฉบับที่ 2) พ.ศ. 2542"}
    assert amending_flags(["b", "a", "unknown"], titles).tolist() == [True, False, False]


def test_the_principal_act_overtakes_its_amending_instrument() -> None:
    # doc 0: a transitional section of the amending Act, scoring a little higher;
    # doc 1: the principal Act's section; doc 2: a document without a law.
    found = Scores(np.array([0, 1, 2]), np.array([10.0, 8.0, 4.0]))
    law_of_doc = np.array([1, 0, -1])
    demoted = demote_amending(found, law_of_doc, np.array([False, True]), weight=0.5)
    assert demoted.scores.tolist() == [5.0, 8.0, 4.0]
    assert demoted.docs.tolist() == [0, 1, 2]


def test_nothing_changes_without_amending_instruments_or_with_weight_one() -> None:
    found = Scores(np.array([0, 1]), np.array([3.0, 2.0]))
    assert demote_amending(found, np.array([0, 1]), np.array([False, False]), 0.5) is found
    assert demote_amending(found, np.array([0, 1]), np.array([True, True]), 1.0) is found


def test_a_cited_section_is_lifted_by_the_log_of_its_citations() -> None:
    found = Scores(np.array([0, 2]), np.array([10.0, 10.0]))
    counts = np.array([0.0, 5.0, np.e - 1.0])  # doc 2 is cited e - 1 times: ln(e) = 1
    lifted = lift_cited(found, counts, weight=0.2)
    assert lifted.docs.tolist() == [0, 2]
    assert lifted.scores.tolist() == pytest.approx([10.0, 12.0])
    assert lift_cited(found, counts, weight=0.0) is found
