import { pathSegmentOf, RESOURCE_KINDS } from '../../../core/resource-kind.js';

/** The record-URI segment of each kind, for the links the suggestions make (`dataset` → `datasets`). */
const SEGMENTS = JSON.stringify(Object.fromEntries(RESOURCE_KINDS.map((k) => [k, pathSegmentOf(k)])));

/**
 * Suggestions as you type in a search box (served as a file from our origin: the pages' policy allows
 * no inline script). Progressive enhancement of the plain GET form, which works the same without it:
 * the script turns each `input[data-suggest]` into an ARIA 1.2 combobox with a listbox of suggestions
 * from `/api/suggest` (titles lead to their record page, publishers to theirs), moved through with the
 * arrow keys, chosen with Enter, closed with Escape, and the number found announced in a status region.
 * With no option chosen, Enter submits the form as before. The words come from the input's
 * `data-suggest` (JSON: the page language, the kind names, the count messages).
 */
export const SUGGEST_SCRIPT = `(function () {
  'use strict';
  var SEGMENTS = ${SEGMENTS};
  var MIN_CHARS = 2;
  var DELAY_MS = 150;
  var serial = 0;

  function enhance(input) {
    var words;
    try { words = JSON.parse(input.getAttribute('data-suggest') || '{}'); } catch (e) { return; }
    var id = input.id || ('dk-suggest-' + (++serial));
    var field = input.parentNode;
    var list = document.createElement('ul');
    list.id = id + '-listbox';
    list.className = 'dk-suggestions';
    list.setAttribute('role', 'listbox');
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) {
      if (!label.id) label.id = id + '-label';
      list.setAttribute('aria-labelledby', label.id);
    }
    list.hidden = true;
    var status = document.createElement('div');
    status.className = 'dk-sr-only';
    status.setAttribute('role', 'status');
    field.appendChild(list);
    field.appendChild(status);
    field.classList.add('dk-combobox');
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('autocomplete', 'off');

    var options = [];
    var active = -1;
    var timer = null;
    var controller = null;

    function hrefOf(s) {
      var lang = encodeURIComponent(words.lang || document.documentElement.lang || 'nb');
      if (s.kind === 'publisher') return '/publishers/' + encodeURIComponent(s.id) + '?lang=' + lang;
      var segment = SEGMENTS[s.type];
      return segment ? '/' + segment + '/' + encodeURIComponent(s.id) + '?lang=' + lang : null;
    }

    function setActive(index) {
      active = index;
      options.forEach(function (o, i) { o.el.setAttribute('aria-selected', i === index ? 'true' : 'false'); });
      if (index < 0) input.removeAttribute('aria-activedescendant');
      else {
        input.setAttribute('aria-activedescendant', options[index].el.id);
        options[index].el.scrollIntoView({ block: 'nearest' });
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    }

    function open() {
      if (options.length === 0) return;
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function announce(n) {
      status.textContent = n === 0 ? words.none : n === 1 ? words.one : String(words.many).replace('{n}', String(n));
    }

    function show(q, suggestions) {
      list.textContent = '';
      options = [];
      suggestions.forEach(function (s) {
        var href = hrefOf(s);
        if (!href) return;
        var li = document.createElement('li');
        li.id = list.id + '-' + options.length;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.className = 'dk-suggestion';
        var text = document.createElement('span');
        text.textContent = s.text;
        var kind = document.createElement('span');
        kind.className = 'dk-count';
        kind.textContent = ' (' + (s.kind === 'publisher' ? words.publisher : (words.kinds && words.kinds[s.type]) || s.type) + ')';
        li.appendChild(text);
        li.appendChild(kind);
        li.addEventListener('mousedown', function (event) { event.preventDefault(); });
        li.addEventListener('click', function () { window.location.assign(href); });
        list.appendChild(li);
        options.push({ el: li, href: href });
      });
      setActive(-1);
      announce(options.length);
      if (options.length === 0) close();
      else open();
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (controller) controller.abort();
      if (q.length < MIN_CHARS) { show(q, []); status.textContent = ''; return; }
      controller = typeof AbortController === 'function' ? new AbortController() : null;
      var url = '/api/suggest?size=8&lang=' + encodeURIComponent(words.lang || 'nb') + '&q=' + encodeURIComponent(q);
      fetch(url, { headers: { Accept: 'application/json' }, signal: controller ? controller.signal : undefined })
        .then(function (res) { return res.ok ? res.json() : { suggestions: [] }; })
        .then(function (body) { if (input.value.trim() === q) show(q, body.suggestions || []); })
        .catch(function () {});
    }

    input.addEventListener('input', function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        if (list.hidden) { open(); if (!list.hidden) setActive(0); return; }
        setActive(active + 1 >= options.length ? 0 : active + 1);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        if (list.hidden) { open(); if (!list.hidden) setActive(options.length - 1); return; }
        setActive(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === 'Escape') {
        if (!list.hidden) { event.preventDefault(); close(); }
      } else if (event.key === 'Enter') {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          window.location.assign(options[active].href);
        }
      }
    });
    input.addEventListener('blur', function () { close(); });
  }

  document.querySelectorAll('input[data-suggest]').forEach(enhance);
})();
`;
