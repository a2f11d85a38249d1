from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.roles import ADMIN, AGENT, IsAdmin, ReadsAndWrites

from . import authoring
from .conditions import RuleValidationError
from .models import Department, Rule, Template
from .serializers import DepartmentSerializer, RuleErrorsSerializer, RuleSerializer, TemplateSerializer

EDITABLE = authoring.EDITABLE


def _payload(data) -> tuple[dict, dict]:
    """The editable fields, typed (e.g. ``enabled`` a boolean, ``name`` at most 120 characters), or the errors."""
    if not hasattr(data, "keys"):
        return {}, {"body": "must be a JSON object with name, conditions and actions"}
    unknown = sorted(set(data) - set(EDITABLE) - {"id", "order", "updated_at"})
    if unknown:
        return {}, {name: "unknown field" for name in unknown}
    typed = RuleSerializer(data={name: data[name] for name in EDITABLE if name in data}, partial=True)
    if not typed.is_valid():
        return {}, {name: " ".join(map(str, messages)) for name, messages in typed.errors.items()}
    return dict(typed.validated_data), {}


class RulesView(APIView):
    """The playbook's rules in order; POST adds a rule at the end (admins only)."""

    permission_classes = [IsAdmin]

    @extend_schema(responses=RuleSerializer(many=True))
    def get(self, request):
        return Response(RuleSerializer(Rule.objects.in_order(), many=True).data)

    @extend_schema(request=RuleSerializer, responses={201: RuleSerializer, 400: RuleErrorsSerializer})
    def post(self, request):
        data, errors = _payload(request.data)
        if not errors:
            data.setdefault("conditions", {})
            try:
                rule = authoring.save_rule(None, data, author=request.user)
            except RuleValidationError as error:
                errors = error.errors
        if errors:
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(RuleSerializer(rule).data, status=status.HTTP_201_CREATED)


class RuleView(APIView):
    """One rule; PATCH changes it and records a revision."""

    permission_classes = [IsAdmin]

    @extend_schema(responses=RuleSerializer)
    def get(self, request, pk):
        return Response(RuleSerializer(get_object_or_404(Rule, pk=pk)).data)

    @extend_schema(request=RuleSerializer, responses={200: RuleSerializer, 400: RuleErrorsSerializer})
    def patch(self, request, pk):
        rule = get_object_or_404(Rule, pk=pk)
        data, errors = _payload(request.data)
        if not errors:
            try:
                rule = authoring.save_rule(rule, data, author=request.user)
            except RuleValidationError as error:
                errors = error.errors
        if errors:
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(RuleSerializer(rule).data)


class TemplatesView(generics.ListCreateAPIView):
    """Canned responses: agents list them, admins add them."""

    permission_classes = [ReadsAndWrites]
    read_role, write_role = AGENT, ADMIN
    queryset = Template.objects.order_by("key", "language")
    serializer_class = TemplateSerializer
    filterset_fields = ["key", "language", "is_active"]


class TemplateView(generics.RetrieveUpdateDestroyAPIView):
    """One canned response: agents read it, admins change or delete it."""

    permission_classes = [ReadsAndWrites]
    read_role, write_role = AGENT, ADMIN
    queryset = Template.objects.all()
    serializer_class = TemplateSerializer


class DepartmentsView(generics.ListCreateAPIView):
    """Departments conversations are escalated to: agents list them, admins add them."""

    permission_classes = [ReadsAndWrites]
    read_role, write_role = AGENT, ADMIN
    queryset = Department.objects.order_by("name", "id")
    serializer_class = DepartmentSerializer
    filterset_fields = ["is_active"]


class DepartmentView(generics.RetrieveUpdateAPIView):
    """One department. Not deletable (its escalations keep pointing at it): set ``is_active`` to false."""

    permission_classes = [ReadsAndWrites]
    read_role, write_role = AGENT, ADMIN
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
