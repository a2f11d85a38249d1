"""An admin editing the playbook in a real browser; agents and supervisors are refused."""

from pathlib import Path

import pytest

from playbook.defaults import install_default_playbook
from playbook.models import Rule
from tests.factories import ChannelAccountFactory, ConversationFactory, CustomerFactory, MessageFactory, UserFactory

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"playbook-{name}.png"), full_page=True)


def rule_names(page):
    return page.locator("#rules tbody tr").evaluate_all("rows => rows.map(r => r.dataset.rule)")


def test_admin_creates_dry_runs_saves_reorders_and_rolls_back_a_rule(browser_page):
    install_default_playbook()
    account = ChannelAccountFactory(handle="MovilNova")
    for followers, text in [(20000, "@MovilNova fatal, tercer día sin fibra"), (50, "@MovilNova sin datos otra vez"),
                            (30000, "me encanta @MovilNova")]:
        MessageFactory(conversation=ConversationFactory(account=account, customer=CustomerFactory(followers=followers)),
                       text=text)
    page = browser_page.login(UserFactory(role="admin"))

    page.goto("/playbook/rules/")
    page.click("#new-rule")
    page.fill("input[name=name]", "Angry influencers")
    page.select_option("select[name=cond-0-field]", "sentiment")
    page.select_option("select[name=cond-0-op]", "eq")
    page.fill("input[name=cond-0-value]", "negative")
    page.select_option("select[name=cond-1-field]", "followers")
    page.select_option("select[name=cond-1-op]", "gte")
    page.fill("input[name=cond-1-value]", "lots")  # a mistake first
    page.select_option("select[name=act-0-type]", "set_priority")
    page.fill("input[name=act-0-value]", "P1")
    page.click("#dry-run")
    assert "Condition 2, value: write a whole number" in page.inner_text("#errors")
    shot(page, "1-error")

    page.fill("input[name=cond-1-value]", "10000")
    page.click("#dry-run")
    result = page.inner_text("#dry-run-result")
    assert "This rule would have matched 1 of the last 3 mentions." in result
    assert "fatal, tercer día sin fibra" in result
    shot(page, "2-dry-run")
    assert not Rule.objects.filter(name="Angry influencers").exists()

    page.click("#save")
    page.wait_for_url("**/playbook/rules/")
    assert rule_names(page)[-1] == "Angry influencers"
    shot(page, "3-saved")

    for _ in range(len(rule_names(page)) - 1):  # move it to the top, one step at a time
        page.click("button[aria-label='Move up Angry influencers']")
    assert rule_names(page)[0] == "Angry influencers"
    assert Rule.objects.in_order().first().name == "Angry influencers"
    shot(page, "4-reordered")

    rule = Rule.objects.get(name="Angry influencers")
    page.goto(f"/playbook/rules/{rule.pk}/")
    page.fill("input[name=act-0-value]", "P3")
    page.click("#save")
    page.wait_for_url("**/playbook/rules/")
    assert Rule.objects.get(pk=rule.pk).actions[0]["value"] == "P3"

    page.goto(f"/playbook/rules/{rule.pk}/revisions/")
    assert "Changed actions" in page.inner_text("#revisions")
    page.click("button[aria-label='Roll back to revision 1']")
    assert "Rolled back to revision 1." in page.inner_text("main")
    assert Rule.objects.get(pk=rule.pk).actions[0]["value"] == "P1"
    assert Rule.objects.in_order().first().pk == rule.pk  # rollback keeps its place
    shot(page, "5-rolled-back")


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_agents_and_supervisors_get_403_in_the_browser(browser_page, role):
    install_default_playbook()
    page = browser_page.login(UserFactory(role=role))
    response = page.goto("/playbook/rules/")
    assert response.status == 403
    assert page.goto(f"/playbook/rules/{Rule.objects.first().pk}/revisions/").status == 403
