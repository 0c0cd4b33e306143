"""case files: attachments, staff discussion notes, agency responses to hearings

Revision ID: 0015_case_files
Revises: 0014_committee
Create Date: 2026-12-04 08:15:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0015_case_files'
down_revision = '0014_committee'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by', sa.String(length=200), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['review_case.id'], name=op.f('fk_case_attachment_case_id_review_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_case_attachment_uploaded_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_attachment')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_case_attachment_stored_name'))
    )
    with op.batch_alter_table('case_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_attachment_case_id'), ['case_id'], unique=False)

    op.create_table('case_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_case_note_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['review_case.id'], name=op.f('fk_case_note_case_id_review_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_note'))
    )
    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_note_case_id'), ['case_id'], unique=False)

    op.create_table('hearing_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('written_by', sa.String(length=200), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['review_case.id'], name=op.f('fk_hearing_response_case_id_review_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['comment_id'], ['hearing_comment.id'], name=op.f('fk_hearing_response_comment_id_hearing_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['user_account.id'], name=op.f('fk_hearing_response_written_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hearing_response')),
    sa.UniqueConstraint('comment_id', name=op.f('uq_hearing_response_comment_id'))
    )
    with op.batch_alter_table('hearing_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hearing_response_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('hearing_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hearing_response_case_id'))
    op.drop_table('hearing_response')
    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_note_case_id'))
    op.drop_table('case_note')
    with op.batch_alter_table('case_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_attachment_case_id'))
    op.drop_table('case_attachment')
