"""Lookups reused for the length of one batch of work (a task over many messages).

Inside ``with batch_memo():`` a ``memoised(key, compute)`` call computes once and returns the same
value afterwards; outside it always computes. Used for the things every message of a batch reads
and that change rarely (rules, calendars, SLA policies, templates, webhook endpoints): an admin's
edit is seen by the next batch, seconds later.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Hashable, TypeVar

T = TypeVar("T")
_memo: ContextVar[dict | None] = ContextVar("batch_memo", default=None)


@contextmanager
def batch_memo():
    if _memo.get() is not None:  # nested: the outer batch owns the memo
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoised(key: Hashable, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
