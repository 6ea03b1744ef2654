"""Files of one person into one case: items that share a NIK (directly or through others).

>>> group_by_key(["a", "b", "c", "d"], {"a": ["1"], "b": ["2"], "c": ["1", "2"], "d": []}.get)
[['a', 'b', 'c'], ['d']]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def group_by_key(items: Sequence[T], keys: Callable[[T], Iterable[str]]) -> list[list[T]]:
    """``items`` in groups: two items sharing a key are in one group (transitively).

    Groups and the items in them keep the order of ``items``; an item without keys is a group
    of its own.
    """
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, item in enumerate(items):
        for key in keys(item):
            if key in first:
                a, b = sorted((root(i), root(first[key])))
                parent[b] = a
            else:
                first[key] = i
    groups: dict[int, list[T]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    return list(groups.values())
