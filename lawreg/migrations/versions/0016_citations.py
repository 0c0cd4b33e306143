"""section citations ("cited by")

Revision ID: 0016_citations
Revises: 0012_api_tokens
Create Date: 2026-12-04 08:20:00

The table starts empty on an existing database: ``lawreg citations rebuild`` fills it
(docs/operations.md); every later write keeps it current.
"""

from alembic import op
import sqlalchemy as sa


revision = '0016_citations'
down_revision = '0012_api_tokens'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('section_citation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citing_section_id', sa.Integer(), nullable=False),
    sa.Column('cited_law_id', sa.Integer(), nullable=False),
    sa.Column('cited_section', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['cited_law_id'], ['law.id'], name=op.f('fk_section_citation_cited_law_id_law'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['citing_section_id'], ['section.id'], name=op.f('fk_section_citation_citing_section_id_section'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section_citation'))
    )
    with op.batch_alter_table('section_citation', schema=None) as batch_op:
        batch_op.create_index('ix_section_citation_cited', ['cited_law_id', 'cited_section'], unique=False)
        batch_op.create_index(batch_op.f('ix_section_citation_citing_section_id'), ['citing_section_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('section_citation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_section_citation_citing_section_id'))
        batch_op.drop_index('ix_section_citation_cited')
    op.drop_table('section_citation')
