"""security: sign-in throttling per account and address replaces the account lock

Revision ID: 0010_security
Revises: 0005_case_flags
Create Date: 2026-12-04 05:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0010_security'
down_revision = '0005_case_flags'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
