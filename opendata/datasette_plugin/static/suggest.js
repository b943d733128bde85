/* Completions for the search box, from /-/suggest.json, as the reader types.
   The form works without this script; with it the input is an ARIA combobox:
   ArrowDown/ArrowUp move through the list, Enter opens the chosen suggestion,
   Escape closes the list, and typing goes on as before. */
(function () {
  "use strict";
  document.querySelectorAll("form.od-search[data-suggest]").forEach(function (form, n) {
    var input = form.querySelector("input[name=q]");
    if (!input) return;
    var list = document.createElement("ul");
    list.id = "od-suggest-" + n;
    list.className = "od-suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.dataset.labelList);
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var items = [], active = -1, timer = null, pending = null, asked = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(k) {
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === k ? "true" : "false"); });
      active = k;
      if (k >= 0) input.setAttribute("aria-activedescendant", items[k].id);
      else input.removeAttribute("aria-activedescendant");
    }
    function go(li) { window.location.href = li.dataset.href; }
    function show(suggestions) {
      list.textContent = "";
      items = suggestions.map(function (s, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.href = s.href;
        li.dataset.kind = s.kind;
        var kind = document.createElement("span");
        kind.className = "od-suggest-kind";
        kind.textContent = form.dataset["label" + s.kind.charAt(0).toUpperCase() + s.kind.slice(1)] || s.kind;
        var text = document.createElement("span");
        text.className = "od-suggest-text";
        text.textContent = s.text;
        li.appendChild(kind);
        li.appendChild(text);
        if (s.note) {
          var note = document.createElement("span");
          note.className = "od-meta";
          note.textContent = " · " + s.note;
          li.appendChild(note);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); go(li); });
        list.appendChild(li);
        return li;
      });
      active = -1;
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }
    function ask() {
      var text = input.value;
      if (!text.trim()) { asked = ""; close(); return; }
      if (text === asked) return;
      asked = text;
      if (pending) pending.abort();
      pending = new AbortController();
      var url = form.dataset.suggest + "?" + new URLSearchParams({ q: text, lang: form.dataset.lang });
      fetch(url, { signal: pending.signal }).then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (body) { if (input.value === text) show(body.suggestions || []); })
        .catch(function () { /* an aborted or failed request leaves the box as it is */ });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 80); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) { if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } return; }
        e.preventDefault();
        var k = e.key === "ArrowDown" ? active + 1 : active - 1;
        if (k >= items.length) k = 0;
        if (k < 0) k = items.length - 1;
        highlight(k);
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); }
      } else if (e.key === "Enter" && !list.hidden && active >= 0) {
        e.preventDefault();
        go(items[active]);
      }
    });
    input.addEventListener("blur", close);
  });
})();
