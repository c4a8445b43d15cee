from __future__ import annotations

import random

import pytest

from repairs.domain.delivery import Contractor, choose_contractor, retry_delay


def test_retry_delays_grow_exponentially_with_jitter_and_are_capped() -> None:
    rng = random.Random(7)
    delays = [retry_delay(attempt, 30.0, rng) for attempt in range(1, 12)]
    assert 0.125 <= delays[0] <= 0.25
    assert 0.25 <= delays[1] <= 0.5
    assert 0.5 <= delays[2] <= 1.0
    assert all(d <= 30.0 for d in delays)
    assert delays[-1] >= 15.0  # the cap, less at most half of it in jitter


def test_jitter_spreads_retries_of_the_same_attempt() -> None:
    rng = random.Random(1)
    assert len({round(retry_delay(3, 30.0, rng), 6) for _ in range(20)}) > 10


def test_the_first_registered_contractor_gets_the_job() -> None:
    first, second = Contractor("a", "http://a/jobs", "whsec_x"), Contractor("b", "http://b/jobs", "whsec_y")
    assert choose_contractor([first, second]) is first
    with pytest.raises(LookupError):
        choose_contractor([])


def test_a_contractor_never_shows_its_secret() -> None:
    assert "whsec_secret" not in repr(Contractor("a", "http://a/jobs", "whsec_secret"))
