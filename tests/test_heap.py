"""ui.heap: the server's long-lived objects are frozen out of full garbage collections once many
modules were imported, after garbage was collected; and not again until many more are."""
from __future__ import annotations

import gc
import sys
import types
import weakref

import pytest

from ui import heap


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def fresh_heap(monkeypatch):
    """As if nothing had been frozen in this process yet; unfrozen again afterwards."""
    gc.unfreeze()
    monkeypatch.setattr(heap, "_modules_at_freeze", 0)
    monkeypatch.setattr(heap, "_pauses_s", [])
    yield
    gc.unfreeze()


def add_modules(monkeypatch, count: int, prefix: str) -> None:
    for index in range(count):
        monkeypatch.setitem(sys.modules, f"{prefix}_{index}", types.ModuleType(f"{prefix}_{index}"))


def test_settle_collects_garbage_then_freezes_what_lives(fresh_heap) -> None:
    alive = {"kept": [1, 2, 3]}
    first, second = Node(), Node()
    first.other, second.other = second, first  # a cycle only a collection frees
    dead = weakref.ref(first)
    del first, second

    assert heap.settle()
    assert dead() is None, "garbage is collected before the freeze, not frozen with the rest"
    assert gc.get_freeze_count() > 0
    tracked = gc.get_objects()
    assert not any(obj is alive for obj in tracked), "a live object is frozen: later collections skip it"
    assert len(heap.pauses_s()) == 1 and heap.pauses_s()[0] >= 0


def test_settle_waits_for_enough_new_modules(fresh_heap, monkeypatch) -> None:
    assert heap.settle()
    frozen = gc.get_freeze_count()
    assert not heap.settle(), "nothing new imported: no second collection"
    add_modules(monkeypatch, 5, "ae_lab_heap_few")
    assert not heap.settle(min_new_modules=10)
    new = [Node() for _ in range(100)]
    add_modules(monkeypatch, 10, "ae_lab_heap_more")
    assert heap.settle(min_new_modules=10)
    assert gc.get_freeze_count() >= frozen + len(new)
    assert len(heap.pauses_s()) == 2
