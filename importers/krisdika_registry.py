"""Matching the laws of consolidated texts to the registry, and keying the instruments.

* A principal law is the registry law whose ``source_id`` is the file's sysid (the
  catalogue stores it): it keeps that key, title, type and groups.  A sysid the registry does
  not know is matched by title (another edition of a catalogued law), else the law is new
  as ``krisdika-<sysid>`` with the title, type and year of its header — with a warning.
* An amending instrument gets a key that depends on its title only, so the same Act appended
  to several laws is one law: the key of the registry law (or of a principal law of this
  import) with the same title when there is one, else ``<type>-<year>-<hash of the title>``
  (:func:`instrument_key`).  Copies read from several files are merged; sections the
  registry already holds for it are not rewritten.
* Once every instrument's date is known, each principal section's footnoted changes become
  dated versions (:func:`importers.krisdika_history.versions_for`) and each instrument
  ``amends`` the principal law (and ``repeals`` the sections it repealed) from its date.
"""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import select

from lawreg.known_laws import title_match_key
from lawreg.models import Law, LawType, Section
from lawreg.records import LawRecord, RelationRecord
from lawreg.services import UnitOfWork

from .krisdika_history import REPEALED, Event, versions_for
from .krisdika_law import KrisdikaLaw, instrument_year, law_type_of
from .report import ImportReport

_TYPE_SLUGS = {
    LawType.CONSTITUTION.value: "constitution",
    LawType.ORGANIC_ACT.value: "organic-act",
    LawType.CODE.value: "code",
    LawType.ACT.value: "act",
    LawType.EMERGENCY_DECREE.value: "emergency-decree",
    LawType.ROYAL_DECREE.value: "royal-decree",
    LawType.MINISTERIAL_REGULATION.value: "ministerial-regulation",
    LawType.ANNOUNCEMENT.value: "announcement",
    LawType.REGULATION.value: "regulation",
    LawType.RULE.value: "rule",
    LawType.ORDER.value: "order",
}


# The relation from the Act printed before a code to the code it puts in force.
PUTS_IN_FORCE = "ให้ใช้ประมวลกฎหมายนี้ (puts the code in force)"


def match_key(title: str) -> str:
    """Titles compared without spaces and era words: "... ลงวันที่ ๒๑ ตุลาคม ๒๕๑๙" in a footnote
    and "... ลงวันที่ ๒๑ ตุลาคม พ.ศ. ๒๕๑๙" on the appended title are one instrument."""
    return title_match_key(title.replace("พุทธสักราช", "พุทธศักราช")).replace("พ.ศ.", "")


def instrument_key(title: str, law_type: str | None, year_be: int | None) -> str:
    """A key from the title alone: "act-2482-1f3a9c0e" for พระราชบัญญัติการพนัน (ฉบับที่ 2)
    พุทธศักราช 2482, whichever file it was read from."""
    digest = hashlib.sha1(match_key(title).encode("utf-8")).hexdigest()[:10]
    slug = _TYPE_SLUGS.get(law_type or "", "law")
    return f"{slug}-{year_be or 'undated'}-{digest}"


def reconcile(uow: UnitOfWork, records: list[LawRecord], report: ImportReport) -> None:
    """Give every record its registry key, merge copies, and build the dated history."""
    laws: list[KrisdikaLaw] = [r for r in records if hasattr(r, "role")]  # type: ignore[misc]
    by_sysid, by_title = registry_index(uow)
    renamed: dict[str, str] = {}
    principal_titles: dict[str, str] = {}
    for law in laws:
        if law.role != "principal":
            continue
        old = law.key
        match = by_sysid.get(law.sysid or "")
        if match is not None:
            law.key, law.title, law.law_type, law.year_be = match[0], match[1], None, None
            law.matched_by = "sysid"
        else:
            titled = by_title.get(match_key(law.title))
            file, line = law.origin or ("", None)
            if titled is not None:
                law.key, law.title, law.law_type, law.year_be = titled[0], titled[1], None, None
                law.source_id, law.matched_by = None, "title"
                report.warn(file, line, "sysid", f"sysid {law.sysid} is not in the registry; matched "
                            f"{titled[0]} by its title {law.title!r}")
            else:
                report.warn(file, line, "sysid", f"sysid {law.sysid} is not in the registry (import the "
                            "catalogue first); title, type and year are read from the file's header")
        renamed[old] = law.key
        principal_titles[match_key(law.title)] = law.key
    for law in laws:
        if law.role == "principal":
            continue
        title_key = match_key(law.title)
        registry = by_title.get(title_key)
        law.key = principal_titles.get(title_key) or (registry[0] if registry else None) or \
            instrument_key(law.title, law.law_type, law.year_be)
        law.amends = renamed.get(law.amends or "", law.amends)
    merged = merge_copies(laws, report)
    keep_new_sections(uow, merged)
    dates = {law.key: law.published_on for law in merged}
    keys = {match_key(law.title): law.key for law in merged}
    extra = build_history(merged, dates, keys, report)
    records[:] = [*merged, *extra]


def registry_index(uow: UnitOfWork) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """(by sysid, by title match key) → (key, title) of every registry law."""
    by_sysid: dict[str, tuple[str, str]] = {}
    by_title: dict[str, tuple[str, str]] = {}
    for key, title, source_id in uow.session.execute(select(Law.key, Law.title, Law.source_id)):
        if source_id:
            by_sysid.setdefault(source_id, (key, title))
        by_title.setdefault(match_key(title), (key, title))
    return by_sysid, by_title


def merge_copies(laws: list[KrisdikaLaw], report: ImportReport) -> list[KrisdikaLaw]:
    """One record per key: a principal law's own file wins; copies of an instrument add the
    sections the first copy lacks."""
    by_key: dict[str, KrisdikaLaw] = {}
    amends: dict[str, list[tuple[str, str]]] = {}
    for law in sorted(laws, key=lambda r: (r.role != "principal", r.matched_by != "sysid")):
        if law.amends:
            kind = "refers_to" if law.role == "promulgation" else "amends"
            amends.setdefault(law.key, [])
            if (kind, law.amends) not in amends[law.key]:
                amends[law.key].append((kind, law.amends))
        kept = by_key.get(law.key)
        if kept is None:
            by_key[law.key] = law
            continue
        if kept.role == "principal":
            if law.role == "principal":
                file, line = law.origin or ("", None)
                report.warn(file, line, "sysid", f"another edition of {kept.key} (read from "
                            f"{(kept.origin or ('',))[0]}, the catalogue's sysid); this file is left out")
            continue
        numbers = {s.number for s in kept.sections or []}
        for section in law.sections or []:
            if section.number not in numbers:
                kept.sections = [*(kept.sections or []), section]
                numbers.add(section.number)
        for name in ("gazette_ref", "published_on", "law_type", "year_be"):
            if getattr(kept, name) is None and getattr(law, name) is not None:
                setattr(kept, name, getattr(law, name))
    for key, targets in amends.items():
        law = by_key[key]
        law.relations = [
            RelationRecord(kind, target, effective_on=law.published_on,
                           note=PUTS_IN_FORCE if kind == "refers_to" else None)
            for kind, target in targets if target != key
        ]
    return list(by_key.values())


def keep_new_sections(uow: UnitOfWork, laws: list[KrisdikaLaw]) -> None:
    """An instrument's sections are excerpts: write only those the registry lacks."""
    wanted = [law.key for law in laws if law.role != "principal" and law.sections]
    if not wanted:
        return
    stored: dict[str, set[str]] = {}
    rows = uow.session.execute(
        select(Law.key, Section.number).join(Section, Section.law_id == Law.id).where(Law.key.in_(wanted))
    )
    for key, number in rows:
        stored.setdefault(key, set()).add(number)
    for law in laws:
        if law.key in stored and law.role != "principal":
            law.sections = [s for s in law.sections or [] if s.number not in stored[law.key]] or None


def build_history(
    laws: list[KrisdikaLaw], dates: dict[str, date | None], keys: dict[str, str], report: ImportReport
) -> list[KrisdikaLaw]:
    """Versions of every footnoted principal section; instruments only named in footnotes
    (never appended) become laws too, undated.  Returns those extra laws."""
    by_key = {law.key: law for law in laws}
    extra: list[KrisdikaLaw] = []
    for law in laws:
        if law.role != "principal" or not law.histories:
            continue
        sections = {s.number: s for s in law.sections or []}
        for history in law.histories:
            section = sections[history.number]
            events: list[Event] = []
            for change in history.changes:
                key = keys.get(match_key(change.instrument))
                if key is None:
                    title = change.instrument
                    key = instrument_key(title, law_type_of(title), instrument_year(title))
                    keys[match_key(title)] = key
                    record = KrisdikaLaw(key=key, title=title, law_type=law_type_of(title),
                                         year_be=instrument_year(title), source="krisdika",
                                         origin=law.origin, role="instrument")
                    extra.append(record)
                    by_key[key] = record
                    file, line = law.origin or ("", None)
                    report.warn(file, line, f"{section.label} {section.number}",
                                f"footnote names {title!r}, which no file appends: it is imported "
                                "without a Gazette reference or date")
                events.append(Event(change.action, key, dates.get(key)))
                instrument = by_key[key]
                if not any(r.kind == "amends" and r.target == law.key for r in instrument.relations):
                    instrument.relations.append(RelationRecord("amends", law.key, effective_on=dates.get(key)))
                if change.action == REPEALED and section.status == "repealed":
                    instrument.relations.append(RelationRecord(
                        "repeals", law.key, target_section=section.number, effective_on=dates.get(key)))
            events = [e for e in events if e.key != law.key]
            if events:
                section.versions = versions_for(section.text, events, repealed=section.status == "repealed")
    return extra
