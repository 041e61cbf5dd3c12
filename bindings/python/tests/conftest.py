from datetime import datetime, timedelta, timezone

import pytest

import kring


class Clock:
    """Hands out strictly increasing UTC times, one day apart by default."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

    def __call__(self, **delta: float) -> datetime:
        self.now += timedelta(**delta) if delta else timedelta(hours=1)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store():
    with kring.Store.in_memory() as s:
        yield s
