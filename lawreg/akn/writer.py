"""Akoma Ntoso 3.0 XML of a law as in force on a date (one expression).

``act`` for Acts and the instruments made by or under them, ``doc`` for the rest (see
:data:`lawreg.frbr.DOCTYPES`); FRBR work / expression / manifestation identification; a
lifecycle with the original and each amendment (the amending law referenced as a
``passiveRef``, and a repeal when the law is repealed); chapters nested as books, titles,
parts and chapters with ``eId`` s such as ``chp_1__sec_14bis``; schedules (chapters titled
บัญชี…/ตาราง…/แบบ…) as attachments.  Each section's text is the stored text exactly: one
``<p>`` per line, so joining the paragraphs with newlines gives it back.  Registry fields
AKN has no element for are kept in ``<proprietary>`` under lawreg's namespace, which is what
lets :mod:`importers.akn` read a law back without loss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from lxml import etree

from .. import frbr
from ..models import Law, Section, SectionStatus, SectionVersion
from .eids import container_eid, container_kind, is_schedule, section_eid

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LAWREG_NS = "urn:lawreg:akn:1"
NSMAP = {None: AKN_NS, "lawreg": LAWREG_NS}
SOURCE = "#lawreg"


def E(tag: str, *children: etree._Element, **attrs: str) -> etree._Element:
    element = etree.Element(f"{{{AKN_NS}}}{tag}", nsmap=NSMAP)
    for name, value in attrs.items():
        element.set(name.rstrip("_"), value)
    element.extend(children)
    return element


def text_element(tag: str, text: str | None, **attrs: str) -> etree._Element:
    element = E(tag, **attrs)
    element.text = text
    return element


@dataclass(frozen=True)
class Event:
    on: date
    kind: str  # generation | amendment | repeal
    law: Law | None  # the amending or repealing law


def lifecycle_events(law: Law, sections: Sequence[Section], on: date | None) -> list[Event]:
    """The original and every dated change up to ``on``, oldest first."""
    first = law.commenced_on or law.published_on or law.enacted_on
    events: dict[tuple[date, int | None], Event] = {}
    for section in sections:
        for version in section.versions:
            if version.valid_from is None or (on and version.valid_from > on):
                continue
            if first is not None and version.valid_from <= first and version.amended_by is None:
                continue
            key = (version.valid_from, version.amended_by_id)
            events.setdefault(key, Event(version.valid_from, "amendment", version.amended_by))
    ordered = sorted(events.values(), key=lambda e: (e.on, e.law.key if e.law else ""))
    if first is not None:
        ordered.insert(0, Event(first, "generation", None))
    return ordered


def expression_date(law: Law, sections: Sequence[Section], on: date | None) -> date | None:
    """The expression's date: ``on`` when given, else the latest change."""
    if on is not None:
        return on
    dates = frbr.expression_dates(law, (v.valid_from for s in sections for v in s.versions))
    return dates[-1] if dates else None


def document(law: Law, sections: Sequence[Section], on: date | None = None,
             generated_on: date | None = None) -> etree._Element:
    """The ``<akomaNtoso>`` element of ``law`` at ``on`` (the latest text when ``None``)."""
    when = expression_date(law, sections, on)
    kind, _subtype = frbr.doctype(law.law_type)
    events = lifecycle_events(law, sections, on)
    candidates = [(s, s.version_at(on) if on else s.current_version) for s in sections]
    shown = [(s, v) for s, v in candidates if v is not None]
    root = E("akomaNtoso")
    body_name = "body" if kind == "act" else "mainBody"
    main = E(kind, E("meta", *meta(law, when, events, generated_on or date.today())),
             name=frbr.doctype(law.law_type)[1] or "act", contains="singleVersion")
    if kind == "act":
        main.insert(1, E("preface", text_element("p", law.title, class_="title")))
    body_sections = [(s, v) for s, v in shown if not is_schedule(s.chapter_path)]
    schedules = [(s, v) for s, v in shown if is_schedule(s.chapter_path)]
    body = E(body_name)
    build_hierarchy(body, body_sections)
    if not len(body):
        body.append(E("hcontainer", E("content", E("p")), name="empty", eId="hcontainer_1"))
    main.append(body)
    if schedules:
        main.append(attachments(law, when, schedules))
    root.append(main)
    return root


def meta(law: Law, when: date | None, events: list[Event],
         generated_on: date) -> list[etree._Element]:
    work = frbr.work(law)
    expression = frbr.expression_uri(law, when)
    work_date = (law.enacted_on or law.published_on or law.commenced_on)
    work_date_text = work_date.isoformat() if work_date else f"{frbr.work_year(law)}-01-01"
    kind, subtype = frbr.doctype(law.law_type)
    work_parts = [
        E("FRBRthis", value=f"{work.work_uri()}/!main"),
        E("FRBRuri", value=work.work_uri()),
        E("FRBRalias", value=law.title, name="title"),
        E("FRBRdate", date=work_date_text, name="Generation"),
        E("FRBRauthor", href="#parliament"),
        E("FRBRcountry", value=frbr.COUNTRY),
    ]
    if subtype:
        work_parts.append(E("FRBRsubtype", value=subtype))
    work_parts += [E("FRBRnumber", value=law.key), E("FRBRname", value=law.title)]
    identification = E(
        "identification",
        E("FRBRWork", *work_parts),
        E("FRBRExpression",
          E("FRBRthis", value=f"{expression}/!main"),
          E("FRBRuri", value=expression),
          E("FRBRdate", date=(when or generated_on).isoformat(), name="Generation"),
          E("FRBRauthor", href=SOURCE),
          E("FRBRlanguage", language=frbr.LANGUAGE)),
        E("FRBRManifestation",
          E("FRBRthis", value=f"{expression}/!main.xml"),
          E("FRBRuri", value=f"{expression}.xml"),
          E("FRBRdate", date=generated_on.isoformat(), name="Generation"),
          E("FRBRauthor", href=SOURCE)),
        source=SOURCE,
    )
    parts = [identification]
    if law.published_on and law.gazette_ref:
        parts.append(E("publication", date=law.published_on.isoformat(),
                       name="ราชกิจจานุเบกษา", showAs=law.gazette_ref))
    references = E("references",
                   E("TLCOrganization", eId="lawreg", href="/ontology/organization/th/lawreg",
                     showAs="lawreg"),
                   E("TLCOrganization", eId="parliament",
                     href="/ontology/organization/th/parliament", showAs="รัฐสภา"),
                   source=SOURCE)
    lifecycle = E("lifecycle", source=SOURCE)
    cited: dict[str, str] = {}
    for number, event in enumerate(events, start=1):
        source = SOURCE
        if event.law is not None:
            ref = cited.setdefault(event.law.key, f"ref_{len(cited) + 1}")
            source = f"#{ref}"
        lifecycle.append(E("eventRef", eId=f"evt_{number}", date=event.on.isoformat(),
                           source=source, type=event.kind))
    for key, ref in cited.items():
        amending = next(e.law for e in events if e.law is not None and e.law.key == key)
        references.insert(0, E("passiveRef", eId=ref, href=frbr.work_uri(amending),
                               showAs=amending.title))
    if events:
        parts.append(lifecycle)
    parts.append(references)
    parts.append(proprietary(law))
    return parts


def proprietary(law: Law) -> etree._Element:
    """Registry fields with no AKN element, under lawreg's namespace."""
    fields = {
        "key": law.key, "type": law.law_type, "year_be": law.year_be, "status": law.status,
        "title_en": law.title_en, "source_url": law.source_url, "gazette_ref": law.gazette_ref,
        "enacted_on": law.enacted_on, "published_on": law.published_on,
        "commenced_on": law.commenced_on,
        "agency": " > ".join(a.name for a in law.agency.lineage()) if law.agency else None,
    }
    record = etree.Element(f"{{{LAWREG_NS}}}law", nsmap=NSMAP)
    for name, value in fields.items():
        if value is not None:
            record.set(name, value.isoformat() if isinstance(value, date) else str(value))
    for tag, values in (("abbreviation", law.abbreviations or []),
                        ("group", list(law.subject_groups))):
        for value in values:
            child = etree.SubElement(record, f"{{{LAWREG_NS}}}{tag}")
            child.text = value
    return E("proprietary", record, source=SOURCE)


def build_hierarchy(parent: etree._Element,
                    shown: Sequence[tuple[Section, SectionVersion]],
                    depth_offset: int = 0) -> None:
    """Sections under nested containers for their chapter paths, in order; a container
    title that comes back after other content opens a new container (as the contents do)."""
    stack: list[tuple[str, etree._Element, str]] = []  # (title, element, eId)
    counters: dict[str, int] = {}
    for section, version in shown:
        path = list(section.chapter_path or [])[depth_offset:]
        keep = 0
        while keep < len(stack) and keep < len(path) and stack[keep][0] == path[keep]:
            keep += 1
        del stack[keep:]
        for title in path[keep:]:
            holder = stack[-1][1] if stack else parent
            prefix = stack[-1][2] if stack else ""
            eid = container_eid(prefix, title, counters)
            element = E(container_kind(title), eId=eid)
            num, heading = split_title(title)
            if num:
                element.append(text_element("num", num))
            element.append(text_element("heading", heading))
            holder.append(element)
            stack.append((title, element, eid))
        holder = stack[-1][1] if stack else parent
        prefix = stack[-1][2] if stack else ""
        holder.append(section_element(section, version, prefix))


def split_title(title: str) -> tuple[str | None, str]:
    """"หมวด ๑ บททั่วไป" -> ("หมวด ๑", "บททั่วไป"); a title without a number is all heading."""
    words = title.split(" ", 2)
    if len(words) >= 2 and any(ch.isdigit() for ch in words[1]):
        return " ".join(words[:2]), words[2] if len(words) > 2 else ""
    return None, title


def section_element(section: Section, version: SectionVersion, prefix: str) -> etree._Element:
    element = E("section", text_element("num", f"{section.label} {section.number}"),
                eId=section_eid(prefix, section.number))
    if section.status == SectionStatus.REPEALED:
        element.set("status", "removed")  # AKN's word for a provision taken out of force
    if section.heading:
        element.append(text_element("heading", section.heading))
    content = E("content")
    for line in version.text.split("\n"):
        content.append(text_element("p", line))
    element.append(content)
    return element


def attachments(law: Law, when: date | None,
                schedules: Sequence[tuple[Section, SectionVersion]]) -> etree._Element:
    """Each schedule (by its top chapter title) as an attached ``doc``."""
    holder = E("attachments")
    titles: list[str] = []
    for section, _version in schedules:
        if section.chapter_path[0] not in titles:
            titles.append(section.chapter_path[0])
    expression = frbr.expression_uri(law, when)
    for number, title in enumerate(titles, start=1):
        body = E("mainBody")
        build_hierarchy(body, [(s, v) for s, v in schedules if s.chapter_path[0] == title], 1)
        component = f"{expression}/!schedule_{number}"
        doc = E("doc",
                E("meta", E("identification",
                            E("FRBRWork", E("FRBRthis", value=f"{frbr.work_uri(law)}/!schedule_{number}"),
                              E("FRBRuri", value=frbr.work_uri(law)),
                              E("FRBRalias", value=title, name="title"),
                              E("FRBRdate", date=f"{frbr.work_year(law)}-01-01", name="Generation"),
                              E("FRBRauthor", href="#parliament"),
                              E("FRBRcountry", value=frbr.COUNTRY)),
                            E("FRBRExpression", E("FRBRthis", value=component),
                              E("FRBRuri", value=expression),
                              E("FRBRdate", date=(when or date.today()).isoformat(), name="Generation"),
                              E("FRBRauthor", href=SOURCE),
                              E("FRBRlanguage", language=frbr.LANGUAGE)),
                            E("FRBRManifestation", E("FRBRthis", value=f"{component}.xml"),
                              E("FRBRuri", value=f"{expression}.xml"),
                              E("FRBRdate", date=date.today().isoformat(), name="Generation"),
                              E("FRBRauthor", href=SOURCE)),
                            source=SOURCE)),
                E("preface", text_element("p", title, class_="title")),
                body, name="schedule")
        holder.append(E("attachment", doc, eId=f"att_{number}"))
    return holder


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=False)

