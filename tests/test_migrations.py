"""The migrations build, on an empty database, exactly the schema the models describe; and undo it."""
import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect

from delegates import create_app
from delegates.extensions import db


def tables(connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def differences(app, connection) -> list:
    """What `alembic check` would report: the models against the migrated schema, with the project's options."""
    context = MigrationContext.configure(connection, opts=app.extensions["migrate"].configure_args)
    return compare_metadata(context, db.metadata)


def check_constraints(connection) -> dict[str, str]:
    """The migrated schema's CHECK constraints, by name (Alembic's comparison does not look at them)."""
    found = {}
    inspector = inspect(connection)
    for table in inspector.get_table_names():
        for check in inspector.get_check_constraints(table):
            found[check["name"]] = check["sqltext"]
    return found


def model_check_constraints() -> dict[str, str]:
    return {
        str(constraint.name): str(constraint.sqltext)
        for table in db.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }


def squeeze(sql: str) -> str:
    return " ".join(sql.split())


def assert_schema_matches_the_models(app) -> None:
    with db.engine.connect() as connection:
        assert tables(connection) == set(db.metadata.tables) | {"alembic_version"}
        assert differences(app, connection) == []
        migrated, models = check_constraints(connection), model_check_constraints()
        assert sorted(migrated) == sorted(models)
        if connection.dialect.name == "sqlite":  # SQLite keeps the text as written; PostgreSQL rewrites it
            assert {k: squeeze(v) for k, v in migrated.items()} == {k: squeeze(v) for k, v in models.items()}


def test_migrations_upgrade_downgrade_and_upgrade_again_on_an_empty_database(fresh_database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": fresh_database_url})
    try:
        with app.app_context():
            with db.engine.connect() as connection:
                assert tables(connection) == set()

            flask_migrate.upgrade()
            assert_schema_matches_the_models(app)

            flask_migrate.downgrade(revision="base")
            with db.engine.connect() as connection:
                assert tables(connection) == {"alembic_version"}

            flask_migrate.upgrade()
            assert_schema_matches_the_models(app)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
