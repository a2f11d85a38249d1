// Small behaviours shared by every page. No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";

  document.addEventListener("change", (event) => {
    if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
    if (event.target.matches("[data-template-pick]")) pickTemplate(event.target);
    if (event.target.matches("#composer input[name=visibility]")) updateCounter();
  });
  document.addEventListener("input", (event) => {
    if (event.target.matches("[data-counted]")) updateCounter();
  });

  // Reply composer: the live character counter uses the selected visibility's network limit.
  function updateCounter() {
    const form = document.getElementById("composer");
    if (!form) return;
    const text = form.querySelector("[data-counted]");
    const out = form.querySelector("[data-counter]");
    const checked = form.querySelector("input[name=visibility]:checked");
    const visibility = checked ? checked.value : "public";
    const limit = parseInt(form.dataset["limit" + visibility.charAt(0).toUpperCase() + visibility.slice(1)], 10);
    const used = text.value.trim().length;
    out.textContent = used + " / " + limit;
    out.classList.toggle("over", used > limit);
    form.querySelector("button.primary").disabled = used > limit;
  }

  function pickTemplate(select) {
    const option = select.selectedOptions[0];
    if (!option || !option.value) return;
    const form = select.form;
    const text = form.querySelector("[data-counted]");
    text.value = option.dataset.text; // agents edit the filled-in template before sending
    form.querySelector("[data-template-key]").value = option.value;
    text.focus();
    text.setSelectionRange(text.value.length, text.value.length);
    updateCounter();
  }

  // Inbox rows: j/k selection that survives the live refresh; rows not seen before are highlighted.
  let selectedId = null;
  let knownRows = null;

  function rows() { return Array.from(document.querySelectorAll("tr[data-row]")); }

  function select(row) {
    rows().forEach((r) => r.classList.remove("selected"));
    if (!row) return;
    row.classList.add("selected");
    selectedId = row.dataset.row;
    const link = row.querySelector("a.row-link");
    if (link) link.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const index = all.findIndex((r) => r.dataset.row === selectedId);
    select(all[Math.min(all.length - 1, Math.max(0, index + step))] || all[0]);
  }

  function markRows() {
    const ids = rows().map((r) => r.dataset.row);
    if (knownRows) rows().forEach((r) => { if (!knownRows.has(r.dataset.row)) r.classList.add("fresh"); });
    knownRows = new Set([...(knownRows || []), ...ids]);
    const again = rows().find((r) => r.dataset.row === selectedId);
    if (again) again.classList.add("selected");
  }

  document.addEventListener("DOMContentLoaded", () => { markRows(); updateCounter(); });
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.target.id === "inbox-rows") markRows();
    if (event.target.id === "composer" || event.detail.target.id === "composer") updateCounter();
  });
  // Don't refresh the rows while the agent is typing in the filters or has a menu open.
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (event.target.id === "inbox-rows" && document.activeElement && document.activeElement.closest(".filters")) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-help]")) { openHelp(); return; }
    const row = event.target.closest("tr[data-row]");
    if (row && !event.target.closest("a, button, input, select")) window.location = row.dataset.href;
  });

  function openHelp() {
    const dialog = document.getElementById("help");
    if (dialog && !dialog.open) dialog.showModal();
  }

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function focusField(selector) {
    const field = document.querySelector(selector);
    if (field) { field.focus(); return true; }
    return false;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && typing(event.target)) { event.target.blur(); return; }
    if (typing(event.target)) return;
    const onInbox = document.body.classList.contains("page-inbox");
    const onConversation = document.body.classList.contains("page-conversation");
    let handled = true;
    switch (event.key) {
      case "?": openHelp(); break;
      case "j": if (onInbox) move(1); else handled = false; break;
      case "k": if (onInbox) move(-1); else handled = false; break;
      case "o":
      case "Enter": {
        const row = document.querySelector("tr[data-row].selected");
        if (onInbox && row) window.location = row.dataset.href; else handled = false;
        break;
      }
      case "/": handled = focusField("[data-search]"); break;
      case "r": handled = onConversation && focusField("#reply-text"); break;
      case "n": handled = onConversation && focusField("#note-text"); break;
      case "a": handled = onConversation && focusField("[data-assign]"); break;
      case "e": {
        const form = document.querySelector("form[data-resolve]");
        if (onConversation && form) form.requestSubmit(); else handled = false;
        break;
      }
      case "u": {
        const back = document.querySelector("[data-back]");
        if (back) window.location = back.href; else handled = false;
        break;
      }
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });
})();
