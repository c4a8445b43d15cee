import random

from hcs.outbox import backoff_seconds


def test_backoff_grows_and_is_capped_with_jitter():
    rng = random.Random(7)
    delays = [backoff_seconds(n, 5.0, rng) for n in range(1, 12)]
    assert delays[0] <= 0.25 and delays[3] > delays[0]
    assert max(delays) <= 5.0 and min(delays[-3:]) >= 2.5
