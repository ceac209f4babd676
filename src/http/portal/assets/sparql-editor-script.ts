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
  var yasgui = new window.Yasgui(host, {
    requestConfig: { endpoint: host.getAttribute('data-endpoint'), method: 'POST' },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: false
  });
  var tab = yasgui.getTab();
  if (tab && textarea) tab.setQuery(textarea.value);
  // The editor's own inputs get the names the plain form's fields have (it ships them unlabelled).
  var queryLabel = document.querySelector('label[for="query"]');
  host.querySelectorAll('textarea:not([aria-label])').forEach(function (t) {
    t.setAttribute('aria-label', queryLabel ? queryLabel.textContent : 'SPARQL');
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
