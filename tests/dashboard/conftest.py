"""The hearing tests' registry fixtures, shared with the dashboard tests."""

from hearing.conftest import cheap_password_hashes, db, registry, signed_in

__all__ = ["cheap_password_hashes", "db", "registry", "signed_in"]
