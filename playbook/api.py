from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.roles import IsAdmin

from . import authoring
from .conditions import RuleValidationError
from .models import Rule
from .serializers import RuleErrorsSerializer, RuleSerializer

EDITABLE = authoring.EDITABLE


def _payload(data) -> tuple[dict, dict]:
    if not isinstance(data, dict):
        return {}, {"body": "must be a JSON object with name, conditions and actions"}
    unknown = sorted(set(data) - set(EDITABLE) - {"id", "order", "updated_at"})
    if unknown:
        return {}, {name: "unknown field" for name in unknown}
    return {name: data[name] for name in EDITABLE if name in data}, {}


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
