"""Forms of the agent workspace: the inbox filters and the conversation actions."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import ChannelAccount, Conversation, Network, Priority, Team, Visibility

SENTIMENTS = [("negative", _("Negative")), ("neutral", _("Neutral")), ("positive", _("Positive"))]
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]


class InboxFilterForm(forms.Form):
    """The inbox's filters; every field is optional and an invalid value is reported, not ignored."""

    ASSIGNED_CHOICES = [("", _("Any assignee")), ("mine", _("Mine")), ("unassigned", _("Unassigned"))]
    DUE_CHOICES = [("", _("Any SLA state")), ("soon", _("Due within 30 min")), ("breached", _("Breached"))]
    STATUS_CHOICES = [("", _("Active (new, open, pending)")), *Conversation.Status.choices]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    assigned = forms.ChoiceField(label=_("Assigned to"), choices=ASSIGNED_CHOICES, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all(), required=False, empty_label=_("All teams"))
    network = forms.ChoiceField(label=_("Network"), choices=[("", _("All networks")), *Network.choices], required=False)
    account = forms.ModelChoiceField(label=_("Account"), queryset=ChannelAccount.objects.filter(is_active=True),
                                     required=False, empty_label=_("All accounts"))
    priority = forms.TypedChoiceField(label=_("Priority"), choices=[("", _("Any priority")), *Priority.choices],
                                      coerce=int, empty_value=None, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    due = forms.ChoiceField(label=_("SLA"), choices=DUE_CHOICES, required=False)
    sentiment = forms.ChoiceField(label=_("Sentiment"), choices=[("", _("Any sentiment")), *SENTIMENTS], required=False)
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("Any language")), *LANGUAGES], required=False)

    def filter(self, queryset, *, user):
        """Narrow ``queryset`` (all conversations) by the cleaned filters."""
        data = self.cleaned_data
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        else:
            queryset = queryset.active()
        if data.get("assigned") == "mine":
            queryset = queryset.assigned_to(user)
        elif data.get("assigned") == "unassigned":
            queryset = queryset.unassigned()
        for name in ("team", "account", "priority", "sentiment", "language"):
            if data.get(name) not in (None, ""):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("network"):
            # Account ids rather than a join, so the inbox index still gives the order.
            accounts = list(ChannelAccount.objects.filter(network=data["network"]).values_list("pk", flat=True))
            queryset = queryset.filter(account__in=accounts)
        if data.get("due") == "soon":
            queryset = queryset.due_within(30)
        elif data.get("due") == "breached":
            queryset = queryset.breached()
        if data.get("q"):
            queryset = queryset.search(data["q"])
        return queryset


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)
    visibility = forms.ChoiceField(label=_("Send as"), choices=Visibility.choices, widget=forms.RadioSelect)
    template_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    seen_reply_id = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5_000)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=get_user_model().objects.none(), required=False,
                                      empty_label=_("Unassigned"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents()


class EscalateForm(forms.Form):
    department = forms.ChoiceField(label=_("Department"), choices=())
    note = forms.CharField(label=_("Note for the department"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False, max_length=5_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from playbook.models import Department

        self.fields["department"].choices = list(Department.objects.filter(is_active=True).values_list("key", "name"))


def agents():
    """Active users holding any role, the people a conversation can be assigned to."""
    return (get_user_model().objects.filter(is_active=True, groups__name__in=("agent", "supervisor", "admin"))
            .distinct().order_by("username"))
