"""The shapes of the API's responses, as marshmallow schemas.

They are the source of the OpenAPI document's components (through apispec); the contract
tests validate every real response against the schemas as published, so a serializer that
drifts from its schema fails a test.
"""

from __future__ import annotations

from marshmallow import Schema, fields


class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={"description": "stable machine-readable code"})
    message = fields.String(required=True, metadata={"description": "English, for developers (Thai with ?lang=th)"})
    params = fields.Dict(required=True, metadata={"description": "what the code refers to"})


class Error(Schema):
    error = fields.Nested(ErrorDetail, required=True)


class Links(Schema):
    self = fields.String(required=True)
    first = fields.String(required=True)
    last = fields.String(required=True)
    prev = fields.String(required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)


class Paged(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    links = fields.Nested(Links, required=True)


class LawRef(Schema):
    """A law named inside another object."""

    key = fields.String(required=True)
    title = fields.String(required=True)
    frbr_uri = fields.String(required=True)
    api_url = fields.String(required=True)


class Law(Schema):
    """Every law object carries these fields."""

    key = fields.String(required=True, metadata={"description": "the registry's stable key"})
    frbr_uri = fields.String(required=True, metadata={"description": "FRBR work URI"})
    akn_url = fields.String(required=True,
                            metadata={"description": "Akoma Ntoso XML of the latest text"})
    html_url = fields.String(required=True)
    api_url = fields.String(required=True)
    title = fields.String(required=True)
    title_en = fields.String(required=True, allow_none=True)
    type = fields.String(required=True, allow_none=True, metadata={"description": "Thai type"})
    year_be = fields.Integer(required=True, allow_none=True,
                             metadata={"description": "Buddhist-Era year of the title"})
    status = fields.String(required=True)
    source_url = fields.String(required=True, allow_none=True,
                               metadata={"description": "the official text (Krisdika)"})
    demo = fields.Boolean(required=True, metadata={
        "description": "true for the fictional demo laws shipped with lawreg (not real law)"})
    gazette_ref = fields.String(required=True, allow_none=True)
    enacted_on = fields.Date(required=True, allow_none=True)
    published_on = fields.Date(required=True, allow_none=True)
    commenced_on = fields.Date(required=True, allow_none=True)
    abbreviations = fields.List(fields.String(), required=True)
    subject_groups = fields.List(fields.String(), required=True)
    agency = fields.String(required=True, allow_none=True)
    updated_at = fields.DateTime(required=True)


class FacetValue(Schema):
    value = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(required=True)


class LawList(Paged):
    items = fields.List(fields.Nested(Law), required=True)
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValue)),
                         required=True)


class ContentsNode(Schema):
    kind = fields.String(required=True, metadata={"description": "chapter or section"})
    title = fields.String(required=True)
    number = fields.String(required=True, allow_none=True)
    api_url = fields.String(required=True, allow_none=True)
    items = fields.List(fields.Nested(lambda: ContentsNode()), required=True)


class Relation(Schema):
    kind = fields.String(required=True)
    direction = fields.String(required=True, metadata={"description": "outgoing or incoming"})
    law = fields.Nested(LawRef, required=True, metadata={"description": "the other law"})
    section = fields.String(required=True, allow_none=True,
                            metadata={"description": "this side's section"})
    other_section = fields.String(required=True, allow_none=True)
    effective_on = fields.Date(required=True, allow_none=True)
    note = fields.String(required=True, allow_none=True)


class Expression(Schema):
    date = fields.Date(required=True)
    frbr_uri = fields.String(required=True)
    akn_url = fields.String(required=True)


class Flag(Schema):
    id = fields.Integer(required=True)
    law_key = fields.String(required=True)
    section = fields.String(required=True, allow_none=True)
    category = fields.String(required=True)
    rule_id = fields.String(required=True, allow_none=True)
    status = fields.String(required=True)
    confidence = fields.Float(required=True)
    similarity = fields.Float(required=True, allow_none=True)
    evidence = fields.Dict(required=True)
    created_at = fields.DateTime(required=True)
    decided_at = fields.DateTime(required=True, allow_none=True)
    decision_reason = fields.String(required=True, allow_none=True)


class LawDetail(Law):
    expression_uri = fields.String(required=True,
                                   metadata={"description": "the latest dated expression"})
    expressions = fields.List(fields.Nested(Expression), required=True)
    sections = fields.Integer(required=True, metadata={"description": "number of sections"})
    contents = fields.List(fields.Nested(ContentsNode), required=True)
    relations = fields.List(fields.Nested(Relation), required=True)
    flags = fields.List(fields.Nested(Flag), required=True)


class Version(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)
    valid_from = fields.Date(required=True, allow_none=True)
    valid_to = fields.Date(required=True, allow_none=True)
    amended_by = fields.Nested(LawRef, required=True, allow_none=True)
    note = fields.String(required=True, allow_none=True)


class SectionSummary(Schema):
    number = fields.String(required=True)
    label = fields.String(required=True)
    citation = fields.String(required=True)
    heading = fields.String(required=True, allow_none=True)
    chapter_path = fields.List(fields.String(), required=True)
    status = fields.String(required=True)
    api_url = fields.String(required=True)
    html_url = fields.String(required=True)


class SectionList(Paged):
    law = fields.Nested(LawRef, required=True)
    items = fields.List(fields.Nested(SectionSummary), required=True)


class Section(SectionSummary):
    law = fields.Nested(LawRef, required=True)
    at = fields.Date(required=True, allow_none=True,
                     metadata={"description": "the point in time asked for"})
    text = fields.String(required=True, allow_none=True,
                         metadata={"description": "null when no version was in force"})
    version = fields.Nested(Version, required=True, allow_none=True)
    previous = fields.String(required=True, allow_none=True)
    next = fields.String(required=True, allow_none=True)
    relations = fields.List(fields.Nested(Relation), required=True)


class SectionVersions(Schema):
    law = fields.Nested(LawRef, required=True)
    number = fields.String(required=True)
    versions = fields.List(fields.Nested(Version), required=True)


class Relations(Schema):
    law = fields.Nested(LawRef, required=True)
    outgoing = fields.List(fields.Nested(Relation), required=True)
    incoming = fields.List(fields.Nested(Relation), required=True)


class Highlight(Schema):
    text = fields.String(required=True)
    matched = fields.Boolean(required=True)


class Hit(Schema):
    law_key = fields.String(required=True)
    law_title = fields.String(required=True)
    section = fields.String(required=True, allow_none=True)
    label = fields.String(required=True, allow_none=True)
    heading = fields.String(required=True, allow_none=True)
    type = fields.String(required=True, allow_none=True)
    year_be = fields.Integer(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True)
    score = fields.Float(required=True)
    pinned = fields.Boolean(required=True)
    snippet = fields.String(required=True)
    highlights = fields.List(fields.Nested(Highlight), required=True)
    api_url = fields.String(required=True)
    html_url = fields.String(required=True)


class SearchFacetValue(Schema):
    value = fields.String(required=True)
    count = fields.Integer(required=True)


class Notice(Schema):
    code = fields.String(required=True)
    params = fields.Dict(required=True)


class SearchResults(Paged):
    query = fields.String(required=True)
    items = fields.List(fields.Nested(Hit), required=True)
    facets = fields.Dict(keys=fields.String(),
                         values=fields.List(fields.Nested(SearchFacetValue)), required=True)
    notices = fields.List(fields.Nested(Notice), required=True)
    suggestions = fields.List(fields.String(), required=True)


class FlagList(Paged):
    items = fields.List(fields.Nested(Flag), required=True)


class Transition(Schema):
    name = fields.String(required=True)
    from_stage = fields.String(required=True, allow_none=True)
    to_stage = fields.String(required=True)
    at = fields.DateTime(required=True)


class Case(Schema):
    id = fields.Integer(required=True)
    law = fields.Nested(LawRef, required=True)
    action = fields.String(required=True)
    stage = fields.String(required=True)
    stage_due_on = fields.Date(required=True, allow_none=True)
    justification = fields.String(required=True)
    sections = fields.List(fields.String(), required=True)
    gazette_ref = fields.String(required=True, allow_none=True)
    published_on = fields.Date(required=True, allow_none=True)
    commenced_on = fields.Date(required=True, allow_none=True)
    instrument = fields.Nested(LawRef, required=True, allow_none=True)
    version = fields.Integer(required=True)
    transitions = fields.List(fields.Nested(Transition), required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class CaseList(Paged):
    items = fields.List(fields.Nested(Case), required=True)


class AgencyResponse(Schema):
    body = fields.String(required=True)
    responded_at = fields.DateTime(required=True)


class Comment(Schema):
    id = fields.Integer(required=True)
    display_name = fields.String(required=True, allow_none=True)
    stance = fields.String(required=True)
    body = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    response = fields.Nested(AgencyResponse, allow_none=True)  # the agency's answer, if any


class HearingList(Schema):
    items = fields.List(fields.Nested(Case), required=True)


class Hearing(Schema):
    case = fields.Nested(Case, required=True)
    open = fields.Boolean(required=True)
    opened_at = fields.DateTime(required=True)
    closed_at = fields.DateTime(required=True, allow_none=True)
    comments = fields.List(fields.Nested(Comment), required=True)
    summary_response = fields.Nested(AgencyResponse, required=True, allow_none=True)


class Count(Schema):
    value = fields.String(required=True)
    count = fields.Integer(required=True)


class Stats(Schema):
    laws = fields.Integer(required=True)
    sections = fields.Integer(required=True)
    laws_by_status = fields.List(fields.Nested(Count), required=True)
    laws_by_type = fields.List(fields.Nested(Count), required=True)
    public_cases_by_stage = fields.List(fields.Nested(Count), required=True)
    open_flags_by_category = fields.List(fields.Nested(Count), required=True)


class Column(Schema):
    key = fields.String(required=True)
    title = fields.String(required=True)


class Table(Schema):
    name = fields.String(required=True)
    title = fields.String(required=True)
    columns = fields.List(fields.Nested(Column), required=True)
    rows = fields.List(fields.List(fields.Raw()), required=True)


class Dashboard(Schema):
    open_cases = fields.Integer(required=True)
    total_cases = fields.Integer(required=True)
    tables = fields.List(fields.Nested(Table), required=True)


class FlagSuggestion(Schema):
    law = fields.String(required=True, metadata={"description": "the law's key"})
    category = fields.String(required=True)
    section = fields.String(metadata={"description": "a section number"})
    quote = fields.String(metadata={"description": "evidence quoted from the section"})
    notes = fields.String()


class FlagDecision(Schema):
    decision = fields.String(required=True, metadata={"description": "confirm or dismiss"})
    reason = fields.String(metadata={"description": "required to dismiss"})


class CaseTransitionRequest(Schema):
    name = fields.String(required=True, metadata={"description": "the transition, e.g. submit"})
    comment = fields.String()
    gazette_ref = fields.String()
    published_on = fields.Date()
    commenced_on = fields.Date()
