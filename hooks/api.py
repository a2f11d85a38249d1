"""Outgoing webhook endpoints and their delivery log (admins)."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from helpdesk.roles import IsAdmin

from .models import Delivery, Endpoint
from .serializers import DeliverySerializer, EndpointSerializer, NewEndpointSerializer


class EndpointsView(generics.ListCreateAPIView):
    """Registered endpoints; POST registers one and answers with its signing secret, once."""

    permission_classes = [IsAdmin]
    queryset = Endpoint.objects.select_related("created_by").order_by("id")
    serializer_class = EndpointSerializer
    filterset_fields = ["is_active"]

    @extend_schema(request=EndpointSerializer, responses={201: NewEndpointSerializer})
    def post(self, request, *args, **kwargs):
        serializer = EndpointSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = serializer.save(created_by=request.user)
        return Response(NewEndpointSerializer(endpoint).data, status=status.HTTP_201_CREATED)


class EndpointView(generics.RetrieveUpdateDestroyAPIView):
    """One endpoint: change its URL, events or state, or delete it (with its delivery log)."""

    permission_classes = [IsAdmin]
    queryset = Endpoint.objects.select_related("created_by")
    serializer_class = EndpointSerializer


class DeliveriesView(generics.ListAPIView):
    """The delivery log, newest first: every event sent, its attempts and the receiver's answer."""

    permission_classes = [IsAdmin]
    queryset = Delivery.objects.order_by("-created_at", "-id")
    serializer_class = DeliverySerializer
    filterset_fields = ["endpoint", "event", "state"]
