from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.roles import IsAdmin, IsAgent

from . import actions
from .forms import InboxFilterForm
from .models import Conversation, Customer, Message
from .serializers import (
    AssignRequestSerializer, ConversationDetailSerializer, ConversationSerializer, CustomerSerializer,
    MentionResultSerializer, MentionSerializer, MessageSerializer, NoteSerializer, PriorityRequestSerializer,
    ReplyRequestSerializer, StatusRequestSerializer, validate_mentions,
)
from .services import IngestError, ingest_messages


class MentionsView(APIView):
    """Ingest one normalised mention or a list of up to 500 (imports and other sources)."""

    permission_classes = [IsAdmin]

    @extend_schema(
        request=MentionSerializer(many=True),
        responses={
            201: MentionResultSerializer(many=True),
            200: OpenApiResponse(MentionResultSerializer(many=True), description="All were already stored."),
            400: OpenApiResponse(description="Per-item errors; nothing was stored."),
        },
    )
    def post(self, request):
        inbounds, errors = validate_mentions(request.data)
        if errors:
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        try:
            results = ingest_messages(inbounds)
        except IngestError as error:
            field, _, reason = str(error).partition(": ")
            return Response({"errors": [{"index": error.index, "errors": {field: [reason]}}]},
                            status=status.HTTP_400_BAD_REQUEST)
        body = [
            {"external_id": r.message.external_id, "message_id": r.message.pk,
             "conversation_id": r.message.conversation_id, "created": r.created}
            for r in results
        ]
        created = any(r.created for r in results)
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


# Conversations: the same filters, actions and rules as the agent workspace.

FILTERS = [OpenApiParameter(name, str, description=description) for name, description in [
    ("q", "Full-text search in messages, handles and names"), ("assigned", "mine | unassigned"),
    ("team", "Team id"), ("network", "x | facebook | instagram"), ("account", "Channel account id"),
    ("priority", "1–4"), ("status", "new | open | pending | resolved | closed (default: the active ones)"),
    ("due", "soon (within 30 min) | breached"), ("sentiment", "negative | neutral | positive"),
    ("language", "es | en")]]


def _action_error(error: actions.ActionError):
    raise ValidationError({error.field or "non_field_errors": [str(error).partition(": ")[2] or str(error)]})


def _conversation(pk: int) -> Conversation:
    return get_object_or_404(Conversation.objects.select_related("account", "customer", "assignee", "team"), pk=pk)


class ConversationsView(generics.ListAPIView):
    """The unified inbox: active conversations by priority, then SLA due time."""

    permission_classes = [IsAgent]
    serializer_class = ConversationSerializer
    filter_backends = []  # the inbox's own filter form, shared with the browser
    queryset = Conversation.objects.none()

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = InboxFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return form.filter(Conversation.objects.select_related("account", "customer", "assignee", "team")
                           .with_last_text().in_inbox_order(), user=self.request.user)


class ConversationView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(responses=ConversationDetailSerializer)
    def get(self, request, pk: int):
        conversation = _conversation(pk)
        conversation.thread = conversation.messages.select_related("customer", "author_user")
        conversation.note_list = conversation.notes.select_related("author")
        return Response(ConversationDetailSerializer(conversation).data)


class MessagesView(generics.ListAPIView):
    """A conversation's messages, oldest first, a page at a time (the detail shows the whole thread)."""

    permission_classes = [IsAgent]
    serializer_class = MessageSerializer
    filterset_fields = ["direction", "visibility", "delivery_state"]

    queryset = Message.objects.none()  # the schema's model; the real one is the conversation's

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        conversation = get_object_or_404(Conversation, pk=self.kwargs["pk"])
        return conversation.messages.select_related("customer", "author_user").order_by("created_at", "id")


class RepliesView(APIView):
    """Reply to the customer, publicly or privately, on the network they used."""

    permission_classes = [IsAgent]

    @extend_schema(request=ReplyRequestSerializer, responses={201: MessageSerializer})
    def post(self, request, pk: int):
        data = _valid(ReplyRequestSerializer, request)
        try:
            reply = actions.send_reply(_conversation(pk), author=request.user, text=data["text"],
                                       visibility=data.get("visibility"), template_key=data["template_key"],
                                       seen_reply_id=data.get("seen_reply_id"), confirmed=data["confirmed"])
        except actions.ActionError as error:
            _action_error(error)
        return Response(MessageSerializer(reply).data, status=status.HTTP_201_CREATED)


class NotesView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(request=NoteSerializer, responses={201: NoteSerializer})
    def post(self, request, pk: int):
        data = _valid(NoteSerializer, request)
        try:
            note = actions.add_note(_conversation(pk), author=request.user, text=data["text"])
        except actions.ActionError as error:
            _action_error(error)
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class AssignView(APIView):
    """Take, give or unassign; reassigning a conversation another agent holds needs a supervisor."""

    permission_classes = [IsAgent]

    @extend_schema(request=AssignRequestSerializer, responses=ConversationSerializer)
    def post(self, request, pk: int):
        data = _valid(AssignRequestSerializer, request)
        assignee = None
        if data["assignee"] is not None:
            assignee = get_user_model().objects.filter(pk=data["assignee"]).first()
            if assignee is None:
                raise ValidationError({"assignee": ["no such user"]})
        return self._run(lambda c: actions.assign(c, assignee=assignee, by=request.user), pk)

    @staticmethod
    def _run(action, pk):
        try:
            conversation = action(_conversation(pk))
        except actions.ActionError as error:
            _action_error(error)
        return Response(ConversationSerializer(_conversation(conversation.pk)).data)


class StatusView(APIView):
    """Set pending, resolve, reopen (``open``) or close."""

    permission_classes = [IsAgent]

    @extend_schema(request=StatusRequestSerializer, responses=ConversationSerializer)
    def post(self, request, pk: int):
        data = _valid(StatusRequestSerializer, request)
        return AssignView._run(lambda c: actions.set_status(c, status=data["status"], by=request.user), pk)


class PriorityView(APIView):
    """Change the priority by hand (recorded as a manual override that re-triage keeps)."""

    permission_classes = [IsAgent]

    @extend_schema(request=PriorityRequestSerializer, responses=ConversationSerializer)
    def post(self, request, pk: int):
        data = _valid(PriorityRequestSerializer, request)
        return AssignView._run(lambda c: actions.change_priority(c, priority=data["priority"], by=request.user), pk)


class CustomersView(generics.ListAPIView):
    """Customers, most followed first; ``q`` searches handles and names."""

    permission_classes = [IsAgent]
    serializer_class = CustomerSerializer
    filter_backends = []
    queryset = Customer.objects.none()

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Part of a handle or name")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = Customer.objects.order_by("-followers", "id")
        term = self.request.query_params.get("q", "")[:100]
        if term:
            queryset = queryset.filter(Q(handle__icontains=term) | Q(name__icontains=term))
        return queryset


class CustomerView(APIView):
    permission_classes = [IsAgent]

    @extend_schema(responses=CustomerSerializer)
    def get(self, request, pk: int):
        return Response(CustomerSerializer(get_object_or_404(Customer, pk=pk)).data)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
