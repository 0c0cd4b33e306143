"""index outbox

Revision ID: 0011_index_outbox
Revises: 0005_case_flags
Create Date: 2026-12-04 05:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0011_index_outbox'
down_revision = '0010_security'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('index_outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('law_key', sa.String(length=300), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_index_outbox')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('index_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_index_outbox_changed_at'), ['changed_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('index_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_index_outbox_changed_at'))

    op.drop_table('index_outbox')
