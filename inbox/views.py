"""The agent workspace: the unified inbox and the conversation view. Thin: form → service → page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpdesk.roles import AGENT, role_required

from . import services
from .forms import AssignForm, EscalateForm, InboxFilterForm, NoteForm, ReplyForm
from .models import AgentStatus, Conversation, Message
from .queries import decode_cursor, encode_cursor
from .workspace import conversation_context

PAGE_SIZE = 50


@role_required(AGENT)
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "inbox/list.html", {"form": form, "rows": [], "cursor": ""}, status=400)
    queryset = form.filter(Conversation.objects.all(), user=request.user) if form.is_bound else Conversation.objects.active()
    after = request.GET.get("after", "")
    cursor = decode_cursor(after) if after else None
    if after and cursor is None:
        return HttpResponse(_("after: not a valid page cursor"), status=400, content_type="text/plain")
    if cursor:
        queryset = queryset.after(cursor)
    rows = list(queryset.select_related("account", "customer", "assignee", "team").with_last_text()
                .in_inbox_order()[:PAGE_SIZE + 1])
    next_cursor = encode_cursor(rows[PAGE_SIZE - 1]) if len(rows) > PAGE_SIZE else ""
    context = {"form": form, "rows": rows[:PAGE_SIZE], "next_cursor": next_cursor, "after": after,
               "query": _query_without(request, "after")}
    template = "inbox/_rows.html" if request.htmx and request.htmx.target == "inbox-rows" else "inbox/list.html"
    return render(request, template, context)


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _conversation(pk: int) -> Conversation:
    return get_object_or_404(Conversation.objects.select_related("account", "customer", "assignee", "team"), pk=pk)


@role_required(AGENT)
def conversation(request, pk: int):
    conversation = _conversation(pk)
    services.mark_viewing(conversation, user=request.user)
    return render(request, "inbox/conversation.html", conversation_context(conversation, request.user))


@role_required(AGENT)
def thread(request, pk: int):
    conversation = _conversation(pk)
    return render(request, "inbox/_thread.html", conversation_context(conversation, request.user, parts=("thread",)))


@require_POST
@role_required(AGENT)
def presence(request, pk: int):
    conversation = _conversation(pk)
    services.mark_viewing(conversation, user=request.user)
    viewers = services.other_viewers(conversation, user=request.user)
    return render(request, "inbox/_presence.html", {"viewers": viewers})


@require_POST
@role_required(AGENT)
def reply(request, pk: int):
    conversation = _conversation(pk)
    form = ReplyForm(request.POST)
    status, collision = 200, None
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.send_reply(conversation, author=request.user, text=data["text"], visibility=data["visibility"],
                                template_key=data["template_key"], seen_reply_id=data["seen_reply_id"],
                                confirmed=data["confirmed"])
        except services.ReplyCollision as error:
            status, collision = 409, error.replies
        except services.ActionError as error:
            form.add_error("text", str(error))
            status = 400
        else:
            _count_template_use(data["template_key"], conversation)
            response = render(request, "inbox/_composer.html",
                              conversation_context(conversation, request.user, parts=("composer",)))
            response["HX-Trigger"] = "thread-changed"
            return response
    else:
        status = 400
    context = conversation_context(conversation, request.user, parts=("composer",))
    context.update(reply_form=form, collision=collision)
    return render(request, "inbox/_composer.html", context, status=status)


def _count_template_use(key: str, conversation: Conversation) -> None:
    if key:
        from django.db.models import F
        from playbook.models import Template

        Template.objects.filter(key=key, is_active=True).update(usage_count=F("usage_count") + 1)


def _act(request, pk: int, action):
    """Run ``action(conversation)``; report an ActionError on the page with a 400."""
    conversation = _conversation(pk)
    try:
        done = action(conversation)
    except services.ActionError as error:
        context = conversation_context(conversation, request.user)
        context["action_error"] = str(error)
        return render(request, "inbox/conversation.html", context, status=400)
    if done:
        messages.success(request, done)
    return redirect("inbox:conversation", pk=conversation.pk)


def _invalid(form):
    raise services.ActionError("; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()))


@require_POST
@role_required(AGENT)
def note(request, pk: int):
    def action(conversation):
        form = NoteForm(request.POST)
        if not form.is_valid():
            _invalid(form)
        services.add_note(conversation, author=request.user, text=form.cleaned_data["text"])
        return _("Note added.")
    return _act(request, pk, action)


@require_POST
@role_required(AGENT)
def assign(request, pk: int):
    def action(conversation):
        if request.POST.get("assignee") == "me":
            assignee = request.user
        else:
            form = AssignForm(request.POST)
            if not form.is_valid():
                _invalid(form)
            assignee = form.cleaned_data["assignee"]
        services.assign(conversation, assignee=assignee, by=request.user)
        return _("Assigned to %(name)s.") % {"name": assignee} if assignee else _("Unassigned.")
    return _act(request, pk, action)


@require_POST
@role_required(AGENT)
def status(request, pk: int):
    labels = {"open": _("Reopened."), "pending": _("Set pending on the customer."), "resolved": _("Resolved."),
              "closed": _("Closed.")}

    def action(conversation):
        target = request.POST.get("status", "")
        services.set_status(conversation, status=target, by=request.user)
        return labels[target]
    return _act(request, pk, action)


@require_POST
@role_required(AGENT)
def priority(request, pk: int):
    def action(conversation):
        services.change_priority(conversation, priority=request.POST.get("priority"), by=request.user)
        return _("Priority changed by hand; re-triage will keep it.")
    return _act(request, pk, action)


@require_POST
@role_required(AGENT)
def escalate(request, pk: int):
    def action(conversation):
        form = EscalateForm(request.POST)
        if not form.is_valid():
            _invalid(form)
        services.escalate(conversation, department=form.cleaned_data["department"], note=form.cleaned_data["note"],
                          by=request.user)
        return _("Escalated.")
    return _act(request, pk, action)


@require_POST
@role_required(AGENT)
def retry(request, pk: int, message_pk: int):
    def action(conversation):
        message = get_object_or_404(Message, pk=message_pk, conversation=conversation)
        services.retry_reply(message, by=request.user)
        return _("Reply queued again.")
    return _act(request, pk, action)


@role_required(AGENT)
def availability(request):
    if request.method == "POST":
        services.set_availability(request.user, available=request.POST.get("available") == "1")
    status = AgentStatus.objects.filter(user=request.user).first()
    return render(request, "inbox/_availability.html", {"available": bool(status and status.available)})

