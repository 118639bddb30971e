"""Rate limits per viewer stay bounded however many viewers a room meets."""

from __future__ import annotations

from studio.core.ratelimit import KeyedBuckets, TokenBucket


def test_keyed_buckets_limit_each_key_and_forget_the_least_recent() -> None:
    now = [0.0]
    buckets = KeyedBuckets(2, 1.0, max_keys=3, clock=lambda: now[0])
    assert [buckets.take("a"), buckets.take("a")] == [0.0, 0.0]
    assert buckets.take("a") > 0 and buckets.take("b") == 0.0
    for key in "cde":
        buckets.take(key)
    assert len(buckets) == 3  # a and b were forgotten
    assert buckets.take("a") == 0.0  # a forgotten viewer starts with a full bucket


def test_a_clock_set_back_refills_nothing() -> None:
    now = [100.0]
    bucket = TokenBucket(1, 1.0, clock=lambda: now[0])
    assert bucket.take() == 0.0
    now[0] = 0.0  # an offline show starts its own clock at 0
    assert bucket.take() > 0
    now[0] = 1.0
    assert bucket.take() == 0.0
