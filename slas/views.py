"""The supervisor dashboard (live, filtered, exportable) and the public pages: service hours and surveys."""

from __future__ import annotations

import csv
import hashlib

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from helpdesk.roles import SUPERVISOR, role_required
from inbox.models import ChannelAccount, Conversation, Priority

from . import kpis, queries
from .calendar import DAY_KEYS, is_open, next_open
from .charts import simple_bars, stacked_bars
from .crisis import top_messages
from .forms import DashboardFilterForm, SurveyForm
from .models import Metric, Survey
from .services import business_calendar_for, calendar_for, policy_for
from .surveys import SurveyError, answer_survey


def _scope_or_error(request):
    form = DashboardFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    return form, form.scope()


@role_required(SUPERVISOR)
def dashboard(request):
    form, scope = _scope_or_error(request)
    if scope is None:
        return render(request, "slas/dashboard.html", {"form": form}, status=400)
    return render(request, "slas/dashboard.html", {"form": form, "query": request.GET.urlencode(),
                                                   **dashboard_context(scope)})


@never_cache
@role_required(SUPERVISOR)
def live(request):
    """The part of the dashboard that htmx polls every few seconds."""
    form, scope = _scope_or_error(request)
    if scope is None:
        return HttpResponse(_("Invalid filters"), status=400, content_type="text/plain")
    return render(request, "slas/_live.html", dashboard_context(scope))


KPI_CACHE_SECONDS = 2  # with the 3 s poll, figures are never more than 5 s old


def cached_summary(scope: kpis.Scope) -> dict:
    """The KPIs, shared for a few seconds by every supervisor polling the same filters."""
    filters = ":".join(str(part) for part in (scope.since.isoformat(timespec="minutes"), scope.account_ids,
                                               scope.network, scope.team_id, scope.until - scope.since))
    key = "slas:kpis:" + hashlib.sha256(filters.encode()).hexdigest()  # safe for any cache backend (memcached)
    return cache.get_or_set(key, lambda: kpis.summary(scope), KPI_CACHE_SECONDS)


def dashboard_context(scope: kpis.Scope) -> dict:
    summary = cached_summary(scope)
    sentiment = [(row["day"].strftime("%d/%m"), [(_("Positive"), "pos", row["positive"]),
                                                 (_("Neutral"), "neu", row["neutral"]),
                                                 (_("Negative"), "neg", row["negative"])])
                 for row in summary["sentiment"]]
    backlog = [(f"P{priority}", [(label, f"age{i}", count) for i, (label, count) in enumerate(buckets.items())])
               for priority, buckets in summary["backlog"].items()]
    crises = [{"episode": episode, "messages": top_messages(episode)} for episode in queries.open_crises(scope)]
    return {
        "scope": scope, "kpi": summary, "now": scope.now,
        "breached": queries.breached_clocks(scope), "due_soon": queries.clocks_due_soon(scope),
        "alerts": queries.recent_alerts(scope), "crises": crises,
        "sentiment_chart": stacked_bars(sentiment),
        "network_chart": simple_bars(sorted(summary["networks"].items())),
        "backlog_chart": stacked_bars(backlog),
        "age_labels": list(next(iter(summary["backlog"].values())).keys()),
        "metrics": [(Metric(metric).label, values) for metric, values in summary["sla"].items()],
    }


@role_required(SUPERVISOR)
def export_csv(request):
    """The KPIs of the filtered period as CSV: one row per figure."""
    form, scope = _scope_or_error(request)
    if scope is None:
        return HttpResponse(_("Invalid filters: ") + "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()),
                            status=400, content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    period = form.cleaned_data.get("period") or "today" if form.is_bound else "today"
    response["Content-Disposition"] = f'attachment; filename="escucha-kpis-{period}-{timezone.localdate():%Y%m%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(["kpi", "breakdown", "value"])
    for row in kpi_rows(kpis.summary(scope)):
        writer.writerow([_safe_cell(cell) for cell in row])
    return response


def kpi_rows(summary: dict):
    """Flatten a KPI summary into (kpi, breakdown, value) rows; durations in minutes."""
    def minutes(value):
        return "" if value is None else round(value.total_seconds() / 60, 1)

    rate = summary["response_rate"]
    yield "response_rate", "expecting", rate["expecting"]
    yield "response_rate", "answered", rate["answered"]
    yield "response_rate", "rate", "" if rate["rate"] is None else round(rate["rate"], 4)
    for name in ("first_response", "resolution"):
        yield f"{name}_minutes", "average", minutes(summary[name]["average"])
        yield f"{name}_minutes", "median", minutes(summary[name]["median"])
        yield f"{name}_minutes", "count", summary[name]["count"]
    for metric, values in summary["sla"].items():
        yield "sla_compliance", f"{metric}.met", values["met"]
        yield "sla_compliance", f"{metric}.breached", values["breached"]
        yield "sla_compliance", f"{metric}.rate", "" if values["compliance"] is None else round(values["compliance"], 4)
    for priority, buckets in summary["backlog"].items():
        for bucket, count in buckets.items():
            yield "backlog", f"P{priority}.{bucket}", count
    for agent in summary["agents"]:
        yield "agent_load", agent["username"], agent["load"]
        yield "agent_answered", agent["username"], agent["answered"]
    for network, count in summary["networks"].items():
        yield "network_volume", network, count
    for row in summary["sentiment"]:
        for key in ("positive", "neutral", "negative"):
            yield "sentiment", f"{row['day'].isoformat()}.{key}", row[key]
    satisfaction = summary["satisfaction"]
    yield "nps", "score", "" if satisfaction["nps"] is None else satisfaction["nps"]
    yield "nps", "answers", satisfaction["nps_total"]
    yield "csat", "satisfied_share", "" if satisfaction["csat"] is None else round(satisfaction["csat"], 4)
    yield "csat", "answers", satisfaction["csat_total"]


def _safe_cell(value):
    # A spreadsheet would run a cell starting with these as a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# Public pages (no login).

def service_hours(request, handle: str):
    """A brand's service hours, closures and promised response times, for its customers."""
    accounts = list(ChannelAccount.objects.filter(Q(handle__iexact=handle.lstrip("@")), is_active=True))
    if not accounts:
        raise Http404(_("No brand with that handle"))
    account = accounts[0]
    stored = business_calendar_for(account)
    calendar = calendar_for(account)
    now = timezone.now()
    local_zone = calendar.zone
    days = []
    weekly = stored.weekly_hours if stored else {}
    for index, key in enumerate(DAY_KEYS):
        days.append({"index": index, "hours": weekly.get(key) or []})
    policy = policy_for(Conversation(account=account))
    promises = []
    if policy:
        for priority in Priority:
            promises.append({"label": priority.label, "minutes": policy.targets["first_response"][f"P{priority.value}"]})
    opens = next_open(now, calendar)
    return render(request, "slas/service_hours.html", {
        "account": account, "accounts": accounts, "calendar": stored, "days": days, "policy": policy,
        "promises": promises, "open_now": is_open(now, calendar),
        "next_open": opens.astimezone(local_zone) if opens else None,
        "closures": queries.upcoming_closures(calendar, now.astimezone(local_zone).date()),
    })


def survey(request, token: str):
    """Answer a satisfaction survey: one score and an optional comment."""
    survey = get_object_or_404(Survey.objects.select_related("conversation__account"), token=token)
    context = {"survey": survey, "scores": list(survey.score_range)}
    if survey.answered_at:
        return render(request, "slas/survey.html", {**context, "done": True})
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                answer_survey(survey, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
            except SurveyError as error:
                return render(request, "slas/survey.html", {**context, "form": form, "error": str(error)}, status=400)
            return render(request, "slas/survey.html", {**context, "done": True})
        return render(request, "slas/survey.html", {**context, "form": form, "error": _("Please choose a score.")},
                      status=400)
    return render(request, "slas/survey.html", {**context, "form": SurveyForm()})
