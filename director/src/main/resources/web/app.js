// Swaps the live part in every second (no full reload), filters the connection table as you type,
// and marks the document with class "js" (so the page and its tests can tell the script ran).
(function () {
  document.documentElement.classList.add('js');
  var live = document.getElementById('live');
  var box = document.getElementById('filterbox');
  function filter() {
    var pre = document.getElementById('connections');
    if (!pre || !box) { return; }
    var all = pre.getAttribute('data-all');
    if (all === null) { all = pre.textContent; pre.setAttribute('data-all', all); }
    var f = box.value.trim();
    var lines = all.split('\n');
    pre.textContent = f === '' ? all : lines.filter(function (l, i) { return i < 2 || l.indexOf(f) >= 0; }).join('\n');
  }
  // One update a second, start to start: a slow answer does not stretch the period (one at a time).
  function tick() {
    var started = Date.now();
    fetch('/live', {credentials: 'same-origin', cache: 'no-store'}).then(function (r) {
      if (r.ok) { return r.text(); }
      throw new Error(r.status);
    }).then(function (html) { live.innerHTML = html; filter(); })
      .catch(function () { /* keep the last view; try again */ })
      .then(function () { setTimeout(tick, Math.max(0, 1000 - (Date.now() - started))); });
  }
  if (box) { box.addEventListener('input', filter); }
  var form = document.getElementById('filter');
  if (form) { form.addEventListener('submit', function (e) { e.preventDefault(); filter(); }); }
  filter();
  setTimeout(tick, 1000);
})();
