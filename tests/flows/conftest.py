"""One Prefect test server for the whole session (it takes seconds to start), heartbeat off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flows.prefect_setup import configure

configure()

from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings  # noqa: E402
from prefect.testing.utilities import prefect_test_harness  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def prefect_backend() -> Iterator[None]:
    """A temporary Prefect server for the session's flow runs."""
    with (
        prefect_test_harness(server_startup_timeout=600),
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
    ):
        yield
