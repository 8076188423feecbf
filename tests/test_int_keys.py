"""`core.int_keys` answers as Python's set and defaultdict(float) would, in arrays."""

import random
from collections import defaultdict

import pytest

from core.int_keys import IntSet, IntSums


def packed_keys(count, seed=21):
    """Keys as the importers pack them (an NPI times a small number plus an index: alike
    in their low bits), random 63-bit ones, the ends of the range, and repeats."""
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    keys = [(1_000_000_000 + n) * 4 + n % 3 for n in range(count)]
    keys += [rng.randrange(1 << 63) for _ in range(count)]
    keys += [0, (1 << 63) - 1]
    keys += rng.sample(keys, count // 2)
    rng.shuffle(keys)
    return keys


def test_int_set_holds_what_a_set_holds_through_its_growth():
    keys = packed_keys(30_000)
    ours, theirs = IntSet(), set()
    for key in keys:
        assert (key in ours) == (key in theirs)
        ours.add(key)
        theirs.add(key)
    assert len(ours) == len(theirs)
    assert set(ours) == theirs
    assert all(key + 1 in ours or key + 1 not in theirs for key in keys[:1000])


def test_int_sums_add_up_as_a_defaultdict_of_floats_in_insertion_order():
    rng = random.Random(7)  # noqa: S311 - repeatable test data, not secrets
    ours, theirs = IntSums(), defaultdict(float)
    for key in packed_keys(20_000):
        value = rng.choice([0.5, 1.0, 12.3, 0.1, 1e-9, 250.75])
        ours.add(key, value)
        theirs[key] += value
    assert list(ours.items()) == list(theirs.items())


@pytest.mark.parametrize("key", [-1, 1 << 63])
def test_a_key_that_does_not_fit_eight_bytes_is_refused(key):
    with pytest.raises(OverflowError):
        IntSet().add(key)
    with pytest.raises(OverflowError):
        IntSums().add(key, 1.0)
