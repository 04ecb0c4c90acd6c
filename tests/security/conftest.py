"""The API fixtures (`make_client`, `client`) for the security tests."""

from tests.api.conftest import client, make_client

__all__ = ["client", "make_client"]
