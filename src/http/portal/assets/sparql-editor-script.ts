/**
 * The script that puts the YASGUI editor in place of the plain SPARQL form (served as a file from our
 * origin: the page's policy allows no inline script). Without it, or without JavaScript, the form works.
 */
export const SPARQL_EDITOR_SCRIPT = `(function () {
  var host = document.getElementById('yasgui');
  var form = document.getElementById('sparql-form');
  if (!host || !form || typeof window.Yasgui !== 'function') return;
  var textarea = document.getElementById('query');
  host.hidden = false;
  form.hidden = true;
  // Focus stays where the page puts it (the skip link first), and Tab and Shift+Tab leave the editor as they
  // leave any field: the editor took focus on load and kept it, Tab indenting the query (a keyboard trap).
  var yasgui = new window.Yasgui(host, {
    requestConfig: { endpoint: host.getAttribute('data-endpoint'), method: 'POST' },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false
  });
  // A key map of its own, ahead of the editor's (which indent on Tab): false hands the key to the browser.
  var letTabLeave = function (tab) {
    var editor = tab && tab.getYasqe ? tab.getYasqe() : undefined;
    if (editor && editor.addKeyMap) editor.addKeyMap({ Tab: false, 'Shift-Tab': false });
  };
  letTabLeave(yasgui.getTab());
  yasgui.on('tabAdd', function (_yasgui, id) { setTimeout(function () { letTabLeave(yasgui.getTab(id)); }, 0); });
  // The editor's own controls speak English: said so, where the page is in another language.
  var pageLang = document.documentElement.lang;
  if (pageLang && pageLang !== 'en') host.setAttribute('lang', 'en');
  var tab = yasgui.getTab();
  if (tab && textarea) tab.setQuery(textarea.value);
  // The editor's own inputs get the names the plain form's fields have (it ships them unlabelled).
  var queryLabel = document.querySelector('label[for="query"]');
  host.querySelectorAll('textarea:not([aria-label])').forEach(function (t) {
    t.setAttribute('aria-label', queryLabel ? queryLabel.textContent : 'SPARQL');
    if (pageLang) t.setAttribute('lang', pageLang);
  });
  host.querySelectorAll('input:not([aria-label])').forEach(function (i) {
    i.setAttribute('aria-label', host.getAttribute('data-endpoint-label') || 'SPARQL endpoint');
  });
  document.querySelectorAll('[data-example]').forEach(function (link) {
    link.addEventListener('click', function (event) {
      var query = new URL(link.href).searchParams.get('query');
      var current = yasgui.getTab();
      if (!query || !current) return;
      event.preventDefault();
      current.setQuery(query);
      host.scrollIntoView();
    });
  });
})();
`;
