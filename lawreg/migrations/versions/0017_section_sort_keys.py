"""section sort keys: a suffixed number's own slash sorts with it

Revision ID: 0017_section_sort_keys
Revises: 0016_citations
Create Date: 2026-12-04 08:50:00

"65 อัฏฐ/1" sorted after "65 นว" and "65/1" with the old key (base.slash.suffix); the new
key (lawreg.thai.numbers.SectionNumber.sort_key) keeps it right after "65 อัฏฐ".  Only the
rows whose key changes are written.
"""

import sqlalchemy as sa
from alembic import op

from lawreg.thai.numbers import SectionNumberError, parse_section_number

revision = '0017_section_sort_keys'
down_revision = '0016_citations'
branch_labels = None
depends_on = None

section = sa.table("section", sa.column("id", sa.Integer), sa.column("number", sa.String),
                   sa.column("sort_key", sa.String))


def upgrade() -> None:
    connection = op.get_bind()
    changed = []
    for row_id, number, key in connection.execute(sa.select(section.c.id, section.c.number, section.c.sort_key)):
        try:
            new = parse_section_number(number).sort_key
        except SectionNumberError:
            continue
        if new != key:
            changed.append({"row_id": row_id, "new": new})
    if changed:
        connection.execute(
            section.update().where(section.c.id == sa.bindparam("row_id")).values(sort_key=sa.bindparam("new")),
            changed,
        )


def downgrade() -> None:
    """The old keys are not kept; ordering with the new ones is only more right."""
