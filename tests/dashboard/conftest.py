"""The hearing tests' registry fixtures, shared with the dashboard tests."""

from hearing.conftest import registry, signed_in

__all__ = ["registry", "signed_in"]
