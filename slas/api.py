"""SLA policies and business calendars (supervisors edit, agents read) and the KPIs (supervisors)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.roles import AGENT, SUPERVISOR, IsSupervisor, ReadsAndWrites

from . import kpis
from .forms import DashboardFilterForm
from .models import BusinessCalendar, SlaPolicy
from .serializers import BusinessCalendarSerializer, KpiSerializer, SlaPolicySerializer, kpi_body


class SlaPoliciesView(generics.ListCreateAPIView):
    """SLA policies: agents read them, supervisors add them."""

    permission_classes = [ReadsAndWrites]
    read_role, write_role = AGENT, SUPERVISOR
    queryset = SlaPolicy.objects.order_by("key")
    serializer_class = SlaPolicySerializer
    filterset_fields = ["key", "network", "interaction_type", "is_active"]


class SlaPolicyView(generics.RetrieveUpdateAPIView):
    """One SLA policy. Not deletable (clocks and rules refer to it): set ``is_active`` to false."""

    permission_classes = [ReadsAndWrites]
    read_role, write_role = AGENT, SUPERVISOR
    queryset = SlaPolicy.objects.all()
    serializer_class = SlaPolicySerializer


class CalendarsView(generics.ListCreateAPIView):
    """Business-hours calendars: agents read them, supervisors add them."""

    permission_classes = [ReadsAndWrites]
    read_role, write_role = AGENT, SUPERVISOR
    queryset = BusinessCalendar.objects.prefetch_related("holidays", "accounts").order_by("name")
    serializer_class = BusinessCalendarSerializer


class CalendarView(generics.RetrieveUpdateDestroyAPIView):
    """One calendar: supervisors change or delete it (accounts without one use the default calendar)."""

    permission_classes = [ReadsAndWrites]
    read_role, write_role = AGENT, SUPERVISOR
    queryset = BusinessCalendar.objects.prefetch_related("holidays", "accounts")
    serializer_class = BusinessCalendarSerializer


class KpisView(APIView):
    """The supervisor dashboard's KPIs for today, 7 or 30 days, with its filters."""

    permission_classes = [IsSupervisor]

    @extend_schema(parameters=[
        OpenApiParameter("period", str, enum=list(kpis.PERIODS), description="today (default) | 7d | 30d"),
        OpenApiParameter("account", int, description="Channel account id"),
        OpenApiParameter("network", str, enum=["x", "facebook", "instagram"]),
        OpenApiParameter("team", int, description="Team id")], responses=KpiSerializer)
    def get(self, request):
        form = DashboardFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        scope = form.scope()
        period = form.cleaned_data.get("period") or "today"
        return Response(KpiSerializer(kpi_body(period, scope, kpis.summary(scope))).data)
