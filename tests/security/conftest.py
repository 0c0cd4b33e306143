"""The hearing tests' registry (one account per role, a case in hearing) for the security tests."""

from hearing.conftest import hearing_case, registry, signed_in

__all__ = ["hearing_case", "registry", "signed_in"]
