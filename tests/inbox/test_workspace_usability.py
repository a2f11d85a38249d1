"""In Chromium: logging in and out, changing password and language, keyboard shortcuts, accessibility, layout."""

import pytest
from playwright.sync_api import expect

from inbox.models import Conversation
from tests.factories import ChannelAccountFactory, UserFactory
from tests.inbox.conftest import ingest_and_triage

pytestmark = pytest.mark.browser

# Runs in the page: every visible text's contrast against the background it is drawn on (WCAG 2.1),
# every form control's accessible name, and any positive tabindex that would break the focus order.
AUDIT_JS = """
() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const over = (top, bottom) => ({r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
                                 b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const background = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
    return layers.reverse().reduce((acc, c) => over(c, acc), {r: 255, g: 255, b: 255, a: 1}); };
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none' && !el.closest('.visually-hidden, dialog:not([open]), svg'); };
  const contrast = [];
  for (const el of document.querySelectorAll('body *')) {
    const text = Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
    if (!text || !visible(el)) continue;
    const s = getComputedStyle(el);
    const bg = background(el); const fg = over(parse(s.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(s.fontSize); const bold = parseInt(s.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) contrast.push(`${el.tagName.toLowerCase()}.${el.className} "${text.slice(0, 30)}" ${ratio.toFixed(2)} < ${needed}`);
  }
  const unlabelled = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
    const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
      || (el.tagName === 'BUTTON' && el.textContent.trim()) || el.getAttribute('title');
    if (!named) unlabelled.push(el.outerHTML.slice(0, 80));
  }
  const tabindex = Array.from(document.querySelectorAll('[tabindex]')).filter((el) => el.tabIndex > 0).map((el) => el.outerHTML.slice(0, 80));
  return {contrast, unlabelled, tabindex};
}
"""


@pytest.fixture
def brand(transactional_db):
    from playbook.defaults import install_default_playbook
    from slas.defaults import install_defaults
    from slas.models import BusinessCalendar, SlaPolicy

    install_default_playbook()
    install_defaults(BusinessCalendar, SlaPolicy)
    return ChannelAccountFactory(network="x", handle="MovilNova", external_id="1500", name="Movil Nova")


def test_agent_logs_in_switches_language_changes_password_and_logs_out(browser, brand):
    UserFactory(username="ana", role="agent")  # password pw-for-tests-1
    page = browser.agent_page()
    page.goto("/inbox/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("Inbox")

    page.select_option("#language", "es")  # the switcher submits itself
    expect(page.locator("h1")).to_have_text("Bandeja de entrada")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    page.select_option("#language", "en")
    expect(page.locator("h1")).to_have_text("Inbox")

    page.click("a.whoami")
    page.get_by_label("Old password").fill("pw-for-tests-1")
    page.get_by_label("New password", exact=True).fill("una-clave-Nueva-2026")
    page.get_by_label("New password confirmation").fill("una-clave-Nueva-2026")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("main")).to_contain_text("Your new password is in use.")

    page.get_by_role("button", name="Log out").click()
    page.goto("/inbox/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("una-clave-Nueva-2026")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("Inbox")


def test_keyboard_shortcuts_move_open_reply_assign_note_resolve_and_go_back(browser, brand):
    texts = ["@MovilNova mi factura está mal", "@MovilNova no tengo cobertura", "@MovilNova gracias por todo"]
    for text in texts:
        ingest_and_triage(brand, text=text)
    ordered = list(Conversation.objects.active().in_inbox_order())
    page = browser.agent_page(UserFactory(username="ana", role="agent"))
    page.goto("/inbox/")
    selected = page.locator("tr[data-row].selected")

    page.keyboard.press("j")
    expect(selected).to_have_attribute("data-row", str(ordered[0].pk))
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(selected).to_have_attribute("data-row", str(ordered[2].pk))
    page.keyboard.press("k")
    expect(selected).to_have_attribute("data-row", str(ordered[1].pk))
    page.keyboard.press("/")
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.type("j")  # typing never triggers a shortcut
    expect(selected).to_have_attribute("data-row", str(ordered[1].pk))
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    expect(page.locator("dialog#help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("dialog#help")).to_be_hidden()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/inbox/{ordered[1].pk}/")

    page.keyboard.press("r")
    expect(page.locator("#reply-text")).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect(page.locator("select[data-assign]")).to_be_focused()
    page.keyboard.press("Escape")
    page.locator("#reply-text").blur()
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("n")
    expect(page.locator("#note-text")).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("e")
    expect(page.locator(".flash")).to_contain_text("Resolved.")
    assert Conversation.objects.get(pk=ordered[1].pk).status == "resolved"
    page.keyboard.press("u")
    page.wait_for_url("**/inbox/")


@pytest.mark.parametrize("width, height", [(1280, 800), (1024, 700)])
def test_pages_are_labelled_have_aa_contrast_a_sane_focus_order_and_fit_the_screen(browser, brand, width, height):
    from django.core.management import call_command
    from django.utils import timezone

    from inbox.services import add_note, send_reply
    from slas import services as sla_services

    call_command("seed_demo", verbosity=0)
    from django.contrib.auth.models import User

    agent, supervisor = User.objects.get(username="agent"), User.objects.get(username="supervisor")
    conversation = ingest_and_triage(brand, text="@MovilNova sin señal desde ayer, ¿qué pasa? " * 3).conversation
    ingest_and_triage(brand, text="@MovilNova os odio, tres días sin fibra",
                      created_at=timezone.now() - timezone.timedelta(days=3))
    send_reply(conversation, author=agent, text="Hola, lo revisamos ahora mismo.")
    add_note(conversation, author=agent, text="@supervisor revisar compensación")
    sla_services.sweep()

    pages = [(agent, "/inbox/"), (agent, f"/inbox/{conversation.pk}/"), (supervisor, "/sla/"),
             (None, f"/hours/{brand.handle}/"), (None, "/accounts/login/")]
    for user, url in pages:
        page = browser.agent_page(user, width=width, height=height)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        found = page.evaluate(AUDIT_JS)
        assert found == {"contrast": [], "unlabelled": [], "tabindex": []}, url
        if url == "/inbox/":  # the audit itself notices what it must
            page.evaluate("""() => { const main = document.querySelector('main');
                const pale = document.createElement('p'); pale.id = 'probe'; pale.textContent = 'pale';
                pale.style.color = '#bbb';  // through the CSSOM: the CSP refuses inline style attributes
                main.append(pale); main.insertAdjacentHTML('beforeend', '<select id="probe2"></select>'); }""")
            found = page.evaluate(AUDIT_JS)
            assert len(found["contrast"]) == 1 and "pale" in found["contrast"][0]
            assert len(found["unlabelled"]) == 1 and "probe2" in found["unlabelled"][0]
            page.evaluate("() => { document.getElementById('probe').remove(); document.getElementById('probe2').remove(); }")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"
        # Focus order follows the page: the skip link first, then the top bar (the login form starts in its field).
        if page.locator("[autofocus]").count():
            expect(page.locator("[autofocus]")).to_be_focused()
            page.keyboard.press("Tab")
            expect(page.get_by_label("Password")).to_be_focused()
            continue
        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
        page.keyboard.press("Tab")
        expect(page.locator("header .brand")).to_be_focused()

    page = browser.agent_page(agent, width=width, height=height)
    page.goto(f"/inbox/{conversation.pk}/")
    main, side = page.locator(".conv-main").bounding_box(), page.locator(".conv-side").bounding_box()
    assert main["x"] + main["width"] <= side["x"] or main["y"] + main["height"] <= side["y"]  # never overlapping
