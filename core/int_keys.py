"""Sets and sums keyed by ints, held in arrays rather than as Python objects.

An importer that reads a whole year's file remembers something per row it keeps (which
keys it has seen, a total per key). In a `set` or `dict` each entry costs a hash-table
slot plus an int object (and a float object for a sum): some 80-140 bytes, so a file
with hundreds of thousands of kept rows adds its size to the import's peak memory. Here
the keys and totals sit in `array`s of 8-byte machine numbers, found through an index of
4-byte positions (open addressing, linear probing, at most half full): 12-20 bytes per
key plus the index. Python's own dict is built the same way, with objects in place of
the machine numbers.

Keys are ints from 0 to 2**63 - 1 (the caller packs what makes a key into one int).
Iteration follows insertion order, as a dict's does.
"""

from array import array

# Fibonacci hashing: multiplying by 2**64 / golden ratio spreads keys whose low bits are
# alike (packed keys often are) over the top bits, which pick the slot.
_GOLDEN = 0x9E3779B97F4A7C15
_WORD = (1 << 64) - 1
_FIRST_BITS = 12
EMPTY = -1


class IntSet:
    """A set of ints in 0 .. 2**63 - 1 (see the module's docstring)."""

    __slots__ = ("_bits", "_index", "keys")

    def __init__(self):
        self.keys = array("q")
        self._build(_FIRST_BITS)

    def _build(self, bits):
        """An index of 2**bits slots over `keys`."""
        self._bits = bits
        mask, shift = (1 << bits) - 1, 64 - bits
        index = array("i", [EMPTY]) * (1 << bits)
        for position, key in enumerate(self.keys):
            slot = ((key * _GOLDEN) & _WORD) >> shift
            while index[slot] != EMPTY:
                slot = (slot + 1) & mask
            index[slot] = position
        self._index = index

    def _find(self, key):
        """(position of `key` in `keys` or EMPTY, the slot that holds or would hold it)."""
        if not 0 <= key <= 0x7FFF_FFFF_FFFF_FFFF:
            raise OverflowError(f"{key} is not in 0 .. 2**63 - 1")
        index, keys = self._index, self.keys
        mask = (1 << self._bits) - 1
        slot = ((key * _GOLDEN) & _WORD) >> (64 - self._bits)
        while True:
            position = index[slot]
            if position == EMPTY or keys[position] == key:
                return position, slot
            slot = (slot + 1) & mask

    def _insert(self, key, slot):
        self._index[slot] = len(self.keys)
        self.keys.append(key)
        if len(self.keys) * 2 > len(self._index):
            self._build(self._bits + 1)

    def __contains__(self, key):
        return self._find(key)[0] != EMPTY

    def __len__(self):
        return len(self.keys)

    def __iter__(self):
        return iter(self.keys)

    def add(self, key):
        position, slot = self._find(key)
        if position == EMPTY:
            self._insert(key, slot)


class IntSums(IntSet):
    """{int: float} totals, as `collections.defaultdict(float)` with `+=` keeps them."""

    __slots__ = ("values",)

    def __init__(self):
        super().__init__()
        self.values = array("d")

    def add(self, key, value):
        """Add `value` to `key`'s total (a new key starts from 0.0)."""
        position, slot = self._find(key)
        if position == EMPTY:
            self._insert(key, slot)
            self.values.append(0.0 + value)
        else:
            self.values[position] += value

    def items(self):
        """(key, total) pairs, in the order the keys were first added."""
        return zip(self.keys, self.values, strict=True)
