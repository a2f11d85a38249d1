"""The admins' playbook editor: rules list, edit with dry run, revisions and rollback, re-triage."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpdesk.roles import ADMIN, SUPERVISOR, role_required

from . import authoring
from .conditions import RuleValidationError, describe
from .engine import RuleSpec
from .forms import RuleForm, choices, plain_errors
from .models import Department, Escalation, RetriageRun, Rule, RuleRevision, known_references
from .queries import department_queue, template_usage


@role_required(ADMIN)
def rule_list(request):
    rules = list(Rule.objects.in_order().select_related("updated_by"))
    for rule in rules:
        rule.summary = describe(rule.conditions or {})
    run = RetriageRun.objects.first()
    return render(request, "playbook/rules.html", {"rules": rules, "run": run})


@role_required(ADMIN)
def rule_edit(request, pk=None):
    rule = get_object_or_404(Rule, pk=pk) if pk else None
    result = None
    if request.method == "POST":
        form = RuleForm.from_post(request.POST)
        data = form.data()
        errors = dict(form.errors)
        candidate = RuleSpec(name=data["name"], conditions=data["conditions"], actions=data["actions"],
                             stop_processing=data["stop_processing"])
        try:
            candidate.validate(**known_references())
        except RuleValidationError as error:
            for path, message in error.errors.items():
                errors.setdefault(path, message)  # a typing error found first says more
        if not errors:
            if "dry_run" in request.POST:
                result = authoring.dry_run(candidate, replacing=rule.pk if rule else None)
            else:
                saved = authoring.save_rule(rule, data, author=request.user)
                messages.success(request, _("Rule “%(name)s” saved.") % {"name": saved.name})
                return redirect("playbook:rules")
        status = 400 if errors else 200
        return render(request, "playbook/rule_form.html",
                      _form_context(rule, form.with_blank_rows(), errors=errors, result=result), status=status)
    form = RuleForm.from_rule(rule) if rule else RuleForm()
    return render(request, "playbook/rule_form.html", _form_context(rule, form.with_blank_rows()))


def _form_context(rule, form, *, errors=None, result=None):
    return {"rule": rule, "form": form, "errors": plain_errors(errors or {}), "error_paths": list(errors or {}),
            "result": result, **choices()}


@role_required(ADMIN)
@require_POST
def rule_move(request, pk, direction):
    authoring.move_rule(get_object_or_404(Rule, pk=pk), "up" if direction == "up" else "down", author=request.user)
    return redirect("playbook:rules")


@role_required(ADMIN)
@require_POST
def rule_toggle(request, pk):
    rule = get_object_or_404(Rule, pk=pk)
    authoring.set_enabled(rule, not rule.enabled, author=request.user)
    return redirect("playbook:rules")


@role_required(ADMIN)
def rule_revisions(request, pk):
    rule = get_object_or_404(Rule, pk=pk)
    revisions = list(rule.revisions.select_related("author"))
    for revision in revisions:
        revision.conditions_text = describe(revision.snapshot.get("conditions") or {})
    return render(request, "playbook/revisions.html", {"rule": rule, "revisions": revisions})


@role_required(ADMIN)
@require_POST
def rule_rollback(request, pk, number):
    rule = get_object_or_404(Rule, pk=pk)
    revision = get_object_or_404(RuleRevision, rule=rule, number=number)
    try:
        authoring.rollback(rule, revision, author=request.user)
    except RuleValidationError as error:
        # e.g. the revision suggests a template that was deleted since
        messages.error(request, "; ".join(plain_errors(error.errors)))
        return redirect("playbook:revisions", pk=rule.pk)
    messages.success(request, _("Rolled back to revision %(n)s.") % {"n": number})
    return redirect("playbook:revisions", pk=rule.pk)


@role_required(ADMIN)
@require_POST
def retriage_start(request):
    authoring.start_retriage(author=request.user)
    return redirect("playbook:rules")


@role_required(ADMIN)
def retriage_progress(request, pk):
    return render(request, "playbook/_retriage.html", {"run": get_object_or_404(RetriageRun, pk=pk)})


@role_required(SUPERVISOR)
def escalations(request):
    department = Department.objects.filter(key=request.GET.get("department")).first()
    return render(request, "playbook/escalations.html", {
        "departments": Department.objects.filter(is_active=True), "department": department,
        "escalations": department_queue(department)[:200]})


@role_required(SUPERVISOR)
@require_POST
def escalation_status(request, pk):
    escalation = get_object_or_404(Escalation, pk=pk)
    new = request.POST.get("status")
    if new in (Escalation.Status.ACKNOWLEDGED, Escalation.Status.CLOSED):
        Escalation.objects.filter(pk=escalation.pk).update(status=new)
    return redirect("playbook:escalations")


@role_required(SUPERVISOR)
def templates(request):
    return render(request, "playbook/templates.html", {"templates": template_usage()})
