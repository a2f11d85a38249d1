from django import forms
from django.utils.translation import gettext_lazy as _

from inbox.models import ChannelAccount, Network, Team

from .kpis import Scope


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False, initial="today",
                               choices=[("today", _("Today")), ("7d", _("7 days")), ("30d", _("30 days"))])
    account = forms.ModelChoiceField(label=_("Account"), required=False, queryset=ChannelAccount.objects.all(),
                                     empty_label=_("All accounts"))
    network = forms.ChoiceField(label=_("Network"), required=False,
                                choices=[("", _("All networks")), *Network.choices])
    team = forms.ModelChoiceField(label=_("Team"), required=False, queryset=Team.objects.all(),
                                  empty_label=_("All teams"))

    def scope(self) -> Scope:
        data = self.cleaned_data if self.is_bound else {}
        period = data.get("period") or "today"
        account = data.get("account")
        team = data.get("team")
        return Scope.for_period(period, account_ids=(account.pk,) if account else (),
                                network=data.get("network") or "", team_id=team.pk if team else None)


class SurveyForm(forms.Form):
    score = forms.IntegerField(label=_("Score"))
    comment = forms.CharField(label=_("Anything you want to tell us?"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
