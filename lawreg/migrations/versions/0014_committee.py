"""committee: recorded votes, case assignments, due-date reminders, agency targets

Revision ID: 0014_committee
Revises: 0017_section_sort_keys
Create Date: 2026-12-04 08:07:15.258739
"""

from alembic import op
import sqlalchemy as sa


revision = '0014_committee'
down_revision = '0017_section_sort_keys'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agency_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(length=20), nullable=False),
    sa.Column('target_count', sa.Integer(), nullable=False),
    sa.Column('set_by', sa.String(length=200), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_agency_target_agency_id_agency'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_target')),
    sa.UniqueConstraint('agency_id', 'year', 'measure', name='uq_agency_target_agency_id')
    )
    with op.batch_alter_table('agency_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_target_agency_id'), ['agency_id'], unique=False)

    op.create_table('case_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by', sa.String(length=200), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user_account.id'], name=op.f('fk_case_assignment_assigned_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['review_case.id'], name=op.f('fk_case_assignment_case_id_review_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_case_assignment_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_assignment'))
    )
    with op.batch_alter_table('case_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_assignment_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_assignment_user_id'), ['user_id'], unique=False)

    op.create_table('due_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['review_case.id'], name=op.f('fk_due_reminder_case_id_review_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_due_reminder_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_due_reminder')),
    sa.UniqueConstraint('case_id', 'due_on', name='uq_due_reminder_case_id')
    )
    op.create_table('decision_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('quorum', sa.Integer(), nullable=False),
    sa.Column('majority', sa.Float(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['review_case.id'], name=op.f('fk_decision_point_case_id_review_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referral_id'], ['case_transition.id'], name=op.f('fk_decision_point_referral_id_case_transition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_point')),
    sa.UniqueConstraint('referral_id', name=op.f('uq_decision_point_referral_id'))
    )
    with op.batch_alter_table('decision_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_point_case_id'), ['case_id'], unique=False)

    op.create_table('committee_vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('member_name', sa.String(length=200), nullable=False),
    sa.Column('choice', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decision_point.id'], name=op.f('fk_committee_vote_decision_id_decision_point'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_committee_vote_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_vote')),
    sa.UniqueConstraint('decision_id', 'user_id', 'sequence', name='uq_committee_vote_sequence')
    )
    with op.batch_alter_table('committee_vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_vote_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_vote_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('committee_vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_vote_user_id'))
        batch_op.drop_index(batch_op.f('ix_committee_vote_decision_id'))

    op.drop_table('committee_vote')
    with op.batch_alter_table('decision_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_point_case_id'))

    op.drop_table('decision_point')
    op.drop_table('due_reminder')
    with op.batch_alter_table('case_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_assignment_user_id'))
        batch_op.drop_index(batch_op.f('ix_case_assignment_case_id'))

    op.drop_table('case_assignment')
    with op.batch_alter_table('agency_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agency_target_agency_id'))

    op.drop_table('agency_target')
