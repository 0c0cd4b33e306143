"""A small registry of real sections (excerpts of the four codes) for search tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from conftest import empty_postgresql_schema, make_app, shared_data_dir
from flask import Flask

import importers
from lawreg import create_app
from lawreg.db import get_database
from lawreg.migrate import upgrade
from lawreg.records import LawRecord, SectionRecord
from lawreg.services import Actor, UnitOfWork, unit_of_work
from lawreg.services import search as search_service
from lawreg.services.laws import upsert_law

CRIMINAL = LawRecord(
    key="criminal-code",
    title="ประมวลกฎหมายอาญา",
    title_en="Criminal Code",
    law_type="ประมวลกฎหมาย",
    year_be=2499,
    abbreviations=["ป.อ.", "ป.อาญา"],
    agency="สำนักนายกรัฐมนตรี > สำนักงานคณะกรรมการกฤษฎีกา",
    subject_groups=["ศาล และกระบวนการยุติธรรม"],
    sections=[
        SectionRecord("277 ทวิ", "มาตรา 277 ทวิ ถ้าการกระทำความผิดตามมาตรา 276 วรรคหนึ่ง หรือมาตรา 277 วรรคหนึ่งหรือวรรคสอง เป็นเหตุให้ผู้ถูกกระทำ\n(1) รับอันตรายสาหัส ผู้กระทำต้องระวางโทษจำคุกตั้งแต่สิบห้าปีถึงยี่สิบปี", "กระทำชำเราเด็กจนเป็นอันตรายสาหัสหรือถึงแก่ความตาย"),
        SectionRecord("288", "มาตรา 288 ผู้ใดฆ่าผู้อื่น ต้องระวางโทษประหารชีวิต จำคุกตลอดชีวิต หรือจำคุกตั้งแต่สิบห้าปีถึงยี่สิบปี", "ฆ่าผู้อื่นโดยเจตนา"),
        SectionRecord("295", "มาตรา 295 ผู้ใดทำร้ายผู้อื่น จนเป็นเหตุให้เกิดอันตรายแก่กายหรือจิตใจของผู้อื่นนั้น ผู้นั้นกระทำความผิดฐานทำร้ายร่างกาย ต้องระวางโทษจำคุกไม่เกินสองปี หรือปรับไม่เกินสี่หมื่นบาท หรือทั้งจำทั้งปรับ", "ความผิดฐานทำร้ายร่างกาย บทบัญญัติทั่วไป"),
        SectionRecord("334", "มาตรา 334 ผู้ใดเอาทรัพย์ของผู้อื่น หรือที่ผู้อื่นเป็นเจ้าของรวมอยู่ด้วยไปโดยทุจริต ผู้นั้นกระทำความผิดฐานลักทรัพย์ ต้องระวางโทษจำคุกไม่เกินสามปี และปรับไม่เกินหกหมื่นบาท", "ความผิดฐานลักทรัพย์และโทษ"),
        SectionRecord("335", "มาตรา 335 ผู้ใดลักทรัพย์\n(1)ในเวลากลางคืน\n(2)ในที่หรือบริเวณที่มีเหตุเพลิงไหม้ การระเบิด อุทกภัย", "ลักทรัพย์ในเหตุฉกรรจ์และโทษที่เพิ่มขึ้น"),
        SectionRecord("341", "มาตรา 341 ผู้ใดโดยทุจริต หลอกลวงผู้อื่นด้วยการแสดงข้อความอันเป็นเท็จ หรือปกปิดข้อความจริงซึ่งควรบอกให้แจ้ง และโดยการหลอกลวงดังว่านั้นได้ไปซึ่งทรัพย์สินจากผู้ถูกหลอกลวงหรือบุคคลที่สาม ผู้นั้นกระทำความผิดฐานฉ้อโกง ต้องระวางโทษจำคุกไม่เกินสามปี", "ความผิดฐานฉ้อโกง"),
    ],
)
CIVIL = LawRecord(
    key="civil-commercial-code",
    title="ประมวลกฎหมายแพ่งและพาณิชย์",
    title_en="Civil and Commercial Code",
    law_type="ประมวลกฎหมาย",
    year_be=2468,
    abbreviations=["ป.พ.พ.", "ปพพ."],
    agency="สำนักนายกรัฐมนตรี > สำนักงานคณะกรรมการกฤษฎีกา",
    subject_groups=["ครอบครัว และมรดก", "ธุรกิจ และพาณิชยกรรม"],
    sections=[
        SectionRecord("420", "มาตรา 420 ผู้ใดจงใจหรือประมาทเลินเล่อ ทำต่อบุคคลอื่นโดยผิดกฎหมายให้เขาเสียหายถึงแก่ชีวิตก็ดี แก่ร่างกายก็ดี ท่านว่าผู้นั้นทำละเมิดจำต้องใช้ค่าสินไหมทดแทนเพื่อการนั้น", "หลักละเมิดและความรับผิดใช้ค่าสินไหม"),
        SectionRecord("537", "มาตรา 537 อันว่าเช่าทรัพย์สินนั้น คือสัญญาซึ่งบุคคลคนหนึ่งเรียกว่า ผู้ให้เช่า ตกลงให้บุคคลอีกคนหนึ่งเรียกว่า ผู้เช่า ได้ใช้หรือได้รับประโยชน์ในทรัพย์สินอย่างใดอย่างหนึ่งชั่วระยะเวลาอันมีจำกัด และผู้เช่าตกลงจะให้ค่าเช่าเพื่อการนั้น", "นิยามสัญญาเช่าทรัพย์สิน"),
        SectionRecord("653", "มาตรา 653 การกู้ยืมเงินกว่าสองพันบาทขึ้นไปนั้น ถ้ามิได้มีหลักฐานแห่งการกู้ยืมเป็นหนังสืออย่างใดอย่างหนึ่งลงลายมือชื่อผู้ยืมเป็นสำคัญ จะฟ้องร้องให้บังคับคดีหาได้ไม่", "หลักฐานเป็นหนังสือในการกู้ยืมเงิน"),
        SectionRecord("1336", "มาตรา 1336 ภายในบังคับแห่งกฎหมาย เจ้าของทรัพย์สินมีสิทธิใช้สอยและจำหน่ายทรัพย์สินของตนและได้ซึ่งดอกผลแห่งทรัพย์สินนั้น", "สิทธิของเจ้าของทรัพย์สินในการใช้และติดตามทรัพย์"),
    ],
)
CRIMINAL_PROCEDURE = LawRecord(
    key="criminal-procedure-code",
    title="ประมวลกฎหมายวิธีพิจารณาความอาญา",
    title_en="Criminal Procedure Code",
    law_type="ประมวลกฎหมาย",
    year_be=2477,
    abbreviations=["ป.วิ.อ."],
    subject_groups=["ศาล และกระบวนการยุติธรรม"],
    sections=[
        SectionRecord("134/1", "มาตรา 134/1 ในคดีที่มีอัตราโทษประหารชีวิต หรือในคดีที่ผู้ต้องหามีอายุไม่เกินสิบแปดปีในวันที่พนักงานสอบสวนแจ้งข้อหา ก่อนเริ่มถามคำให้การให้พนักงานสอบสวนถามผู้ต้องหาว่ามีทนายความหรือไม่ ถ้าไม่มีให้รัฐจัดหาทนายความให้", "สิทธิได้รับทนายความในชั้นสอบสวน"),
        SectionRecord("134", "มาตรา 134 เมื่อผู้ต้องหาถูกเรียกหรือส่งตัวมาหรือเข้าหาพนักงานสอบสวนเอง ให้พนักงานสอบสวนถามชื่อตัว ชื่อสกุล", "การแจ้งข้อหา"),
    ],
)
BANKRUPTCY = LawRecord(  # a catalogue entry: no sections
    key="bankruptcy-act-2483",
    title="พระราชบัญญัติล้มละลาย พุทธศักราช 2483",
    title_en="Bankruptcy Act B.E. 2483 (1940)",
    law_type="พระราชบัญญัติ",
    year_be=2483,
    status="in_force",
    agency="กระทรวงยุติธรรม > กรมบังคับคดี",
    subject_groups=["ศาล และกระบวนการยุติธรรม"],
)
PUBLIC_DEBT = LawRecord(
    key="public-debt-management-act-2548",
    title="พระราชบัญญัติการบริหารหนี้สาธารณะ พ.ศ. 2548",
    title_en="Public Debt Management Act B.E. 2548 (2005)",
    law_type="พระราชบัญญัติ",
    year_be=2548,
    status="repealed",
    agency="กระทรวงการคลัง > สำนักงานบริหารหนี้สาธารณะ",
    subject_groups=["การเงิน การคลัง และวิธีการงบประมาณ"],
    sections=[
        SectionRecord("4", "มาตรา 4 ในพระราชบัญญัตินี้ “หนี้สาธารณะ” หมายความว่า หนี้ที่กระทรวงการคลัง หน่วยงานของรัฐ หรือรัฐวิสาหกิจกู้ หรือหนี้ที่กระทรวงการคลังค้ำประกัน", "บทนิยาม"),
        SectionRecord("20", "มาตรา 20 การกู้เงินของรัฐบาลให้กระทรวงการคลังเป็นผู้ดำเนินการ และเงินที่ได้จากการกู้ให้นำส่งคลังเป็นรายได้แผ่นดิน", "การกู้เงิน"),
    ],
)
SAMPLE_LAWS = [CRIMINAL, CIVIL, CRIMINAL_PROCEDURE, BANKRUPTCY, PUBLIC_DEBT]
BACKENDS = ["sqlite", "postgresql"]


def store(uow: UnitOfWork, *records: LawRecord) -> None:
    for record in records:
        upsert_law(uow, record)
    uow.commit()


@pytest.fixture
def registry(app: Flask, uow: UnitOfWork) -> Iterator[Flask]:
    """The sample laws stored and (through the commit listener) indexed."""
    store(uow, *SAMPLE_LAWS)
    yield app


def write(app: Flask, *records: LawRecord) -> None:
    with app.app_context(), unit_of_work(Actor("test")) as work:
        for record in records:
            upsert_law(work, record)


@pytest.fixture(scope="module", params=BACKENDS)
def searchable(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The sample registry, built once per test module and backend, for tests that only read
    (an application per test would re-index the samples dozens of times)."""
    folder = tmp_path_factory.mktemp("searchable")
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{folder / 'lawreg.sqlite'}"
        else:
            url = stack.enter_context(empty_postgresql_schema())
        application = make_app(folder, url)
        try:
            with application.app_context():
                upgrade(get_database().engine)
            write(application, *SAMPLE_LAWS)
            yield application
        finally:
            with application.app_context():
                get_database().engine.dispose()


@pytest.fixture(scope="session")
def codes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The four real codes (3,105 sections) imported and indexed as ``lawreg index rebuild``
    does, once per session: the tests that use it only read."""
    folder = shared_data_dir() / "thai-codes"
    if not folder.is_dir():
        pytest.skip(f"real data not found at {folder} (set LAWREG_SHARED_DATA)")
    instance = tmp_path_factory.mktemp("codes")
    app = create_app({
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": f"sqlite:///{instance / 'lawreg.sqlite'}",
        "INDEX_DIR": str(instance / "index"),
        "SEARCH_SYNC": False,
    })
    with app.app_context():
        upgrade(get_database().engine)
        importers.run("thai-codes", folder)
        with get_database().session() as session:
            report = search_service.rebuild_index(session)
    assert report.documents > 3000
    yield app
    with app.app_context():
        get_database().engine.dispose()
