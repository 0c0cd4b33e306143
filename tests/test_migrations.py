"""Models and migrations must describe the same schema, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from lawreg.db import get_database
from lawreg.migrate import current_heads, upgrade
from lawreg.models import Base


def test_migrations_match_models(app):
    with app.app_context():
        engine = get_database().engine
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_init_is_idempotent(app):
    with app.app_context():
        engine = get_database().engine
        heads = current_heads(engine)
        upgrade(engine)
        assert current_heads(engine) == heads
        assert len(heads) == 1


def test_init_command_reports_database(runner):
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "database ready" in result.output
