/**
 * The operator dashboard: a server-rendered sign-in page, then one static page whose script reads
 * /dashboard/api/*. Scripts and styles come from this origin only; the page may not be framed.
 */
export const DASHBOARD_CSP = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"].join('; ');

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const HEAD = `<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/dashboard/dashboard.css">`;

export function loginPage(message: string | null): string {
  return `<!doctype html><html lang="en"><head>${HEAD}<title>ats-sync dashboard: sign in</title></head><body class="login">
<main class="card">
<h1>ats-sync dashboard</h1>
${message ? `<p class="alert" role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/dashboard/login">
<label for="key">Admin API key</label>
<input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
<p class="muted">The key printed on first start (kept in .data/secrets.json, or ATS_SYNC_ADMIN_KEY). Scoped keys cannot sign in.</p>
<button type="submit" class="primary">Sign in</button>
</form>
</main></body></html>`;
}

export const DASHBOARD_HTML = `<!doctype html><html lang="en"><head>${HEAD}<title>ats-sync dashboard</title><script src="/dashboard/dashboard.js" defer></script></head><body>
<header class="bar"><h1>ats-sync</h1><button type="button" id="logout" class="link">Sign out</button></header>
<main>
<div id="alert" class="alert" role="alert" hidden></div>
<section aria-labelledby="connections-title">
<h2 id="connections-title">Connections</h2>
<div class="scroll"><table id="connections"><thead><tr><th>Connection</th><th>State</th><th>End user</th><th>Last sync</th><th>Next sync</th><th>Records</th><th>Actions</th></tr></thead><tbody></tbody></table></div>
<p id="empty" class="muted" hidden>No connections yet: create one with POST /v1/connections or a Connect link.</p>
<p id="relink" class="muted" hidden></p>
</section>
<section id="detail" aria-live="polite" hidden>
<h2 id="detail-title">Sync history</h2>
<div class="scroll"><table id="syncs"><thead><tr><th>Started</th><th>Type</th><th>State</th><th>Progress</th><th>Errors</th></tr></thead><tbody></tbody></table></div>
<h2>Outbound webhook deliveries</h2>
<div class="scroll"><table id="deliveries"><thead><tr><th>When</th><th>Event</th><th>URL</th><th>State</th><th>Attempts</th><th>Last status</th></tr></thead><tbody></tbody></table></div>
<h2>Write actions</h2>
<div class="scroll"><table id="writes"><thead><tr><th>When</th><th>Action</th><th>Outcome</th><th>Status</th><th>Error</th><th>ms</th></tr></thead><tbody></tbody></table></div>
</section>
</main></body></html>`;

export const DASHBOARD_CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b2430;background:#f4f6f9}
.bar{display:flex;justify-content:space-between;align-items:center;background:#1f3a5f;color:#fff;padding:10px 20px}.bar h1{font-size:1.1rem;margin:0}.bar .link{color:#fff}
main{padding:16px 20px;max-width:1400px;margin:0 auto}h2{font-size:1rem;margin:1.2rem 0 .5rem}
.scroll{overflow-x:auto;background:#fff;border:1px solid #d7dde5;border-radius:8px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #e6eaf0;vertical-align:top}th{background:#f8fafc;font-weight:600;white-space:nowrap}
tr.selected{background:#eef4ff}.muted{color:#5b6675}.small{font-size:.85em}
.state{font-weight:600}.state.ACTIVE,.state.SUCCEEDED{color:#067647}.state.INVALID,.state.FAILED{color:#b42318}.state.RUNNING,.state.QUEUED{color:#b54708}.state.INACTIVE,.state.CANCELLED{color:#5b6675}
button{font:inherit;cursor:pointer}.actions{display:flex;flex-wrap:wrap;gap:6px}.actions button{padding:4px 8px;border:1px solid #1f3a5f;background:#fff;color:#1f3a5f;border-radius:6px}
.actions button.danger{border-color:#b42318;color:#b42318}.link{border:0;background:none;color:#1f3a5f;padding:0}
.bar-wrap{background:#e6eaf0;border-radius:4px;height:6px;width:120px;display:inline-block;vertical-align:middle;margin-right:6px}.bar-fill{background:#1f3a5f;height:6px;border-radius:4px}
.alert{background:#fef3f2;border:1px solid #fda29b;color:#912018;border-radius:8px;padding:10px 12px;margin:.6rem 0}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
body.login{display:flex;align-items:center;justify-content:center;min-height:100vh}.card{background:#fff;border-radius:12px;padding:24px;max-width:420px;width:100%;box-shadow:0 6px 30px rgba(0,0,0,.12)}
label{display:block;font-weight:600;margin:.8rem 0 .3rem}input{width:100%;padding:9px 11px;border:1px solid #b8c1cc;border-radius:8px;font:inherit}
.primary{margin-top:1rem;width:100%;padding:10px;border:0;border-radius:8px;background:#1f3a5f;color:#fff;font-weight:600}
`;

export const DASHBOARD_JS = `
'use strict';
(function () {
  var csrf = null, selected = null, timer = null;
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, text, cls) { var e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }
  function when(v) { return v ? new Date(v).toLocaleString() : '—'; }
  function call(method, path, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
    return fetch('/dashboard/api' + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, credentials: 'same-origin', cache: 'no-store' })
      .then(function (res) {
        if (res.status === 401) { location.reload(); throw new Error('signed out'); }
        return res.json().then(function (b) { if (!res.ok) throw new Error((b.error && b.error.message) || ('HTTP ' + res.status)); return b.data; });
      });
  }
  function alertMsg(t) { $('alert').textContent = t || ''; $('alert').hidden = !t; }
  function fail(e) { alertMsg(e.message); }

  function action(label, fn, danger) { var b = el('button', label, danger ? 'danger' : null); b.type = 'button'; b.addEventListener('click', fn); return b; }

  function renderConnections(list) {
    var body = $('connections').tBodies[0]; body.textContent = '';
    $('empty').hidden = list.length > 0;
    list.forEach(function (c) {
      var tr = el('tr'); tr.setAttribute('data-connection', c.id); if (c.id === selected) tr.className = 'selected';
      var name = el('td'); name.appendChild(el('div', (c.name || c.id))); name.appendChild(el('div', c.provider + ' · ' + c.id, 'muted small')); tr.appendChild(name);
      var st = el('td'); st.appendChild(el('span', c.state, 'state ' + c.state)); if (c.state_reason) st.appendChild(el('div', c.state_reason, 'muted small')); tr.appendChild(st);
      tr.appendChild(el('td', c.end_user ? c.end_user.organization_name + (c.end_user.email ? ' (' + c.end_user.email + ')' : '') : '—'));
      var last = el('td'); if (c.last_sync) { last.appendChild(el('span', c.last_sync.type + ' ' + c.last_sync.state, 'state ' + c.last_sync.state)); last.appendChild(el('div', when(c.last_sync.created_at), 'muted small')); } else last.textContent = 'never'; tr.appendChild(last);
      tr.appendChild(el('td', c.next_sync ? c.next_sync.type + ' ' + when(c.next_sync.at) : 'not scheduled'));
      var rec = Object.keys(c.records).filter(function (m) { return c.records[m] > 0; }).map(function (m) { return m + ' ' + c.records[m]; });
      tr.appendChild(el('td', rec.length ? rec.join(', ') : '—', 'small'));
      var act = el('td'); var box = el('div', null, 'actions');
      box.appendChild(action('FULL sync', function () { startSync(c.id, 'FULL'); }));
      box.appendChild(action('DELTA sync', function () { startSync(c.id, 'DELTA'); }));
      box.appendChild(action('History', function () { select(c.id, c.name || c.id); }));
      box.appendChild(action(c.enabled ? 'Disable' : 'Enable', function () { call('POST', '/connections/' + c.id + '/enabled', { value: !c.enabled }).then(refresh, fail); }));
      box.appendChild(action('Rotate credentials', function () {
        call('POST', '/connections/' + c.id + '/relink').then(function (r) { var p = $('relink'); p.hidden = false; p.textContent = 'Send this Connect link to the customer (valid one hour, single use): ' + r.link; }, fail);
      }));
      box.appendChild(action('Delete', function () {
        if (!window.confirm('Delete ' + (c.name || c.id) + ' and all of its synced data? This cannot be undone.')) return;
        call('DELETE', '/connections/' + c.id).then(function () { if (selected === c.id) { selected = null; $('detail').hidden = true; } refresh(); }, fail);
      }, true));
      act.appendChild(box); tr.appendChild(act); body.appendChild(tr);
    });
  }

  function startSync(id, type) {
    call('POST', '/connections/' + id + '/sync', { type: type }).then(function () { select(id); }, fail);
  }

  function progress(run) {
    var cell = el('td');
    var streams = run.streams || {};
    var names = Object.keys(streams);
    if (!names.length) { cell.textContent = run.state === 'QUEUED' ? 'waiting for a worker' : '—'; return cell; }
    var done = names.filter(function (n) { return streams[n].state !== 'RUNNING'; }).length;
    var wrap = el('span', null, 'bar-wrap'); var fill = el('span', null, 'bar-fill'); fill.style.display = 'block'; fill.style.width = Math.round(100 * done / names.length) + '%'; wrap.appendChild(fill);
    cell.appendChild(wrap); cell.appendChild(el('span', done + '/' + names.length + ' streams', 'small'));
    var ul = el('ul', null, 'small');
    names.forEach(function (n) {
      var s = streams[n]; var counts = run.counts || {};
      var fetched = Object.keys(counts).filter(function (m) { return m === n || n.indexOf(m) === 0; }).reduce(function (a, m) { return a + (counts[m].fetched || 0); }, 0);
      ul.appendChild(el('li', n + ': ' + s.state + ', ' + s.pages + ' pages' + (fetched ? ', ' + fetched + ' records' : '') + (s.note ? ' (' + s.note + ')' : '')));
    });
    cell.appendChild(ul);
    return cell;
  }

  function renderSyncs(runs) {
    var body = $('syncs').tBodies[0]; body.textContent = '';
    runs.forEach(function (r) {
      var tr = el('tr'); tr.setAttribute('data-run', r.id); tr.setAttribute('data-state', r.state);
      tr.appendChild(el('td', when(r.started_at || r.created_at)));
      tr.appendChild(el('td', r.type + ' (' + r.trigger + ')'));
      var st = el('td'); st.appendChild(el('span', r.state, 'state ' + r.state)); tr.appendChild(st);
      tr.appendChild(progress(r));
      var byCode = {}; (r.errors || []).forEach(function (e) { byCode[e.code] = (byCode[e.code] || 0) + 1; });
      tr.appendChild(el('td', Object.keys(byCode).map(function (k) { return k + ' ×' + byCode[k]; }).join(', ') || '—'));
      body.appendChild(tr);
    });
    return runs.some(function (r) { return r.state === 'QUEUED' || r.state === 'RUNNING'; });
  }

  function rows(id, list, cols) {
    var body = $(id).tBodies[0]; body.textContent = '';
    if (!list.length) { var tr = el('tr'); var td = el('td', 'none yet', 'muted'); td.colSpan = cols.length; tr.appendChild(td); body.appendChild(tr); return; }
    list.forEach(function (x) { var tr = el('tr'); cols.forEach(function (c) { tr.appendChild(el('td', c(x))); }); body.appendChild(tr); });
  }

  function select(id, title) {
    selected = id;
    $('detail').hidden = false;
    if (title) $('detail-title').textContent = 'Sync history: ' + title;
    refresh();
  }

  function refresh() {
    clearTimeout(timer);
    var live = false;
    var work = [call('GET', '/connections').then(function (page) { renderConnections(page.results); })];
    if (selected) {
      work.push(call('GET', '/connections/' + selected + '/syncs').then(function (page) { live = renderSyncs(page.results); }));
      work.push(call('GET', '/connections/' + selected + '/activity').then(function (a) {
        rows('deliveries', a.deliveries, [function (d) { return when(d.created_at); }, function (d) { return d.event_type; }, function (d) { return d.url; }, function (d) { return d.state; }, function (d) { return String(d.attempts); }, function (d) { return d.last_status == null ? '—' : String(d.last_status); }]);
        rows('writes', a.write_actions, [function (w) { return when(w.created_at); }, function (w) { return w.action; }, function (w) { return w.outcome; }, function (w) { return String(w.status_code); }, function (w) { return w.error_code || '—'; }, function (w) { return String(w.duration_ms); }]);
      }));
    }
    Promise.all(work).then(function () { alertMsg(''); }, fail).then(function () { timer = setTimeout(refresh, live ? 1000 : 5000); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('logout').addEventListener('click', function () {
      fetch('/dashboard/logout', { method: 'POST', headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin' }).then(null, function () {}).then(function () { location.reload(); });
    });
    call('GET', '/session').then(function (s) { csrf = s.csrf_token; refresh(); }, fail);
  });
})();
`;
