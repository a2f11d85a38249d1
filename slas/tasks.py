"""Thin Celery tasks of the SLA app (queue ``sla``): ids in, a service does the work."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(acks_late=True, ignore_result=True)
def sweep_sla_clocks() -> dict:
    result = services.sweep()
    return {"warned": result.warned, "breached": result.breached}


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def email_alerts(alert_ids: list[int]) -> None:
    services.email_alerts(alert_ids)


@shared_task(acks_late=True, ignore_result=True)
def watch_for_crises() -> int:
    from .crisis import watch_for_crises as watch

    return len(watch())
