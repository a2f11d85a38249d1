"""Fake X and Graph API servers on 127.0.0.1 speaking the real HTTP shapes, for tests and the demo."""

from .graph import FakeGraph
from .x import FakeX

__all__ = ["FakeGraph", "FakeX"]
