"""Enqueueing that survives a broker outage.

A task is published only after the transaction that wrote its input commits. If the broker is
down, the publish error is logged and swallowed: the data is already stored and the periodic
``requeue_unfinished_work`` sweep enqueues it again once the broker is back.
"""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> bool:
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:  # kombu raises several unrelated types for "broker unreachable"
        logger.warning("Could not enqueue %s%r; the requeue sweep will retry", task.name, args, exc_info=True)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    transaction.on_commit(partial(enqueue, task, *args, **kwargs))


def enqueue_at(task, at, *args) -> bool:
    """Publish ``task`` to run at ``at`` (a retry after a rate limit). Same outage rules as ``enqueue``."""
    try:
        task.apply_async(args=args, eta=at)
    except Exception:
        logger.warning("Could not schedule %s%r; the requeue sweep will retry", task.name, args, exc_info=True)
        return False
    return True
