"""The canonical JSONL format as pydantic models: one :class:`LawLine` per line.

The models are the single statement of the format.  :mod:`importers.jsonl` validates each
line with them and turns the first problem into the field-path report every importer gives
("sections[3].number: ..."); ``docs/jsonl.schema.json`` is generated from them, for the
agencies and tools that write such files (regenerate it with
``lawreg export schema > docs/jsonl.schema.json``; a test compares the two).

Validation is strict: no coercion ("2560" is not a year), unknown fields are refused (an
import is never lossy), and what JSON Schema cannot say is checked by validators: section
numbers are parsed ("๒๗๗ ทวิ" is stored as "277 ทวิ"), years must be Buddhist-Era, dates are
``YYYY-MM-DD``, and a section has either ``text`` or dated ``versions``, not both.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from lawreg.models import LawStatus, RelationKind, SectionStatus
from lawreg.thai.numbers import parse_section_number
from lawreg.thai.years import normalise_year_be

LAW_STATUSES = sorted(s.value for s in LawStatus)
SECTION_STATUSES = sorted(s.value for s in SectionStatus)
RELATION_KINDS = sorted(k.value for k in RelationKind)
NUMBER_REQUIRED = "is required: a section number such as \"277 ทวิ\" or 5"
MISSING = {"number": NUMBER_REQUIRED}  # the report's wording of a missing field, by name


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value


def _iso_date(value: Any) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("must be an ISO date string (YYYY-MM-DD)")
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def _section_number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(NUMBER_REQUIRED)
    return parse_section_number(value).canonical


def _section_ref(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("must be a section number")
    return parse_section_number(value).canonical


def _year_be(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be an integer Buddhist-Era year, not {value!r}")
    return normalise_year_be(value)


def _one_of(allowed: list[str]) -> AfterValidator:
    def check(value: str | None) -> str | None:
        if value is not None and value not in allowed:
            raise ValueError(f"{value!r} is not one of {allowed}")
        return value
    return AfterValidator(check)


def _empty_as_none(value: Any) -> Any:
    return None if value == "" else value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


RequiredText = Annotated[str, AfterValidator(_not_blank),
                         WithJsonSchema({"type": "string", "pattern": "\\S"})]
IsoDate = Annotated[date | None, BeforeValidator(_iso_date),
                    WithJsonSchema({"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]})]
SectionNumber = Annotated[str, BeforeValidator(_section_number),
                          WithJsonSchema({"type": ["integer", "string"],
                                          "description": "\"277 ทวิ\", \"๒๗๗/๑\" or 5"})]
SectionRef = Annotated[str | None, BeforeValidator(_section_ref),
                       WithJsonSchema({"type": ["integer", "string", "null"]})]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class VersionLine(_Strict):
    """One dated text of a section; ``valid_to`` is exclusive, absent while in force."""

    text: str
    valid_from: IsoDate = None
    valid_to: IsoDate = None
    amended_by: str | None = Field(default=None, description="the amending law's key")
    note: str | None = None

    @field_validator("valid_to")
    @classmethod
    def _after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("valid_from")
        if value is not None and start is not None and value <= start:
            raise ValueError("must be after valid_from")
        return value


class SectionLine(_Strict):
    """A section (or a regulation's clause, ``label`` "ข้อ") with its text or its versions."""

    model_config = ConfigDict(json_schema_extra={
        "oneOf": [{"required": ["text"]}, {"required": ["versions"]}]})

    number: SectionNumber
    label: str | None = Field(default=None, description="\"มาตรา\" when absent")
    heading: str | None = None
    chapter: list[str] | None = Field(default=None, description="the chapter path, outermost first")
    status: Annotated[str | None, BeforeValidator(_empty_as_none), _one_of(SECTION_STATUSES),
                      WithJsonSchema({"enum": [*SECTION_STATUSES, "", None],
                                      "description": "\"in_force\" when absent"})] = None
    text: str = Field(default="", description="the current text (or give versions)")
    versions: list[VersionLine] = Field(default=[], description="the dated texts (or give text)")

    @model_validator(mode="before")
    @classmethod
    def _text_or_versions(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("text" in data) == ("versions" in data):
            raise ValueError("needs either 'text' or 'versions' (exactly one of them)")
        return data

    @field_validator("versions")
    @classmethod
    def _some_versions(cls, value: list[VersionLine]) -> list[VersionLine]:
        if not value:
            raise ValueError("is empty")
        return value


class RelationLine(_Strict):
    """A relation from this law (or one of its sections) to another law (or section)."""

    kind: Annotated[RequiredText, _one_of(RELATION_KINDS), WithJsonSchema({"enum": RELATION_KINDS})]
    target: RequiredText = Field(description="the other law's key")
    section: SectionRef = None
    target_section: SectionRef = None
    effective_on: IsoDate = Field(default=None, alias="date")
    note: str | None = None


class LawLine(_Strict):
    """One law: one line of a canonical JSONL file (only ``key`` and ``title`` required)."""

    model_config = ConfigDict(title="lawreg canonical JSONL line (one law)")

    key: RequiredText
    title: RequiredText
    title_en: str | None = None
    type: str | None = Field(default=None, description="e.g. \"พระราชบัญญัติ\"")
    year_be: Annotated[int | None, BeforeValidator(_year_be),
                       WithJsonSchema({"type": ["integer", "null"], "minimum": 2400})] = None
    agency: str | None = Field(default=None, description="\"ministry > department\"")
    group: Annotated[list[str] | None, BeforeValidator(_one_or_many),
                     WithJsonSchema({"anyOf": [{"type": "string"},
                                               {"type": "array", "items": {"type": "string"}},
                                               {"type": "null"}]})] = None
    status: Annotated[str | None, _one_of(LAW_STATUSES),
                      WithJsonSchema({"enum": [*LAW_STATUSES, None]})] = None
    source_url: str | None = None
    abbreviations: list[str] | None = None
    enacted_on: IsoDate = None
    published_on: IsoDate = None
    commenced_on: IsoDate = None
    gazette_ref: str | None = None
    source: str | None = None
    source_id: str | None = None
    sections: list[SectionLine] | None = Field(
        default=None, description="absent: the line says nothing of the law's sections")
    relations: list[RelationLine] = []


def field_path(location: tuple[int | str, ...]) -> str:
    """``("sections", 3, "number")`` as ``"sections[3].number"``; the whole line is ``"law"``."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else part
    return path or "law"


def first_problem(errors: list[ErrorDetails]) -> ErrorDetails:
    """The one problem a line's report names, in the order the checks read a line: an
    object's unknown fields first (a misspelt name explains its object's other errors),
    then its fields in order, each nested object the same way."""
    def rank(item: tuple[int, ErrorDetails]) -> tuple[float, int]:
        index, error = item
        if error["type"] != "extra_forbidden":
            return index, 0
        parent = error["loc"][:-1]
        first = min(i for i, other in enumerate(errors) if other["loc"][:len(parent)] == parent)
        return first - 0.5, len(parent)
    return min(enumerate(errors), key=rank)[1]


def reason(error: ErrorDetails) -> str:
    """The report's wording of one pydantic error (the importers' own, not pydantic's)."""
    kind, value = error["type"], error["input"]
    if kind == "missing":
        return MISSING.get(str(error["loc"][-1]), "is required")
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind == "string_type":
        return "is required" if value is None else f"must be a string, not {type(value).__name__}"
    if kind == "list_type":
        return f"must be a list, not {type(value).__name__}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a JSON object, not {type(value).__name__}"
    if kind == "value_error" and "error" in error.get("ctx", {}):
        return str(error["ctx"]["error"])
    return error["msg"]


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of one line (``docs/jsonl.schema.json``)."""
    schema = LawLine.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"

