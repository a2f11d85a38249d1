from celery import shared_task

from . import services
from .models import Delivery


@shared_task(bind=True, acks_late=True, max_retries=services.MAX_ATTEMPTS)
def deliver_webhook(self, delivery_id: int) -> str:
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        return ""
    try:
        return services.deliver(delivery)
    except services.DeliveryFailed as error:
        raise self.retry(exc=error, countdown=min(3600, 10 * 2 ** delivery.attempts))
