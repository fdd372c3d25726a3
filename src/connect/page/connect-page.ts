import { CONNECT_STRINGS } from './connect-strings.js';

/**
 * The Connect page: static HTML, one stylesheet and one script from this origin (the CSP allows
 * nothing else). Everything provider-specific (steps, permissions, field labels, webhooks) comes
 * from GET /v1/connect/page, i.e. from the connectors; the link token is read from the URL fragment.
 */
export const CONNECT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  // Partners embed this page with showKomboConnect; it is the only page that may be framed.
  'frame-ancestors *',
].join('; ');

export const CONNECT_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Connect your ATS</title>
<link rel="stylesheet" href="/connect/connect.css">
<script src="/connect/connect.js" defer></script>
</head>
<body>
<div class="backdrop">
  <main class="card" aria-labelledby="title">
    <header class="top">
      <button type="button" id="back" class="link" hidden>&larr; Back</button>
      <button type="button" id="close" class="icon" aria-label="Close">&times;</button>
    </header>
    <h1 id="title" tabindex="-1">Connect your ATS</h1>
    <p id="subtitle" class="muted"></p>
    <div id="alert" class="alert" role="alert" hidden></div>
    <p id="status" class="status" role="status" aria-live="polite"></p>

    <section id="step-pick" hidden>
      <ul id="tools" class="tools"></ul>
    </section>

    <section id="step-key" hidden>
      <h2>Before you start</h2>
      <ol id="steps" class="steps"></ol>
      <div id="permissions-box" hidden>
        <h2>Permissions the key needs</h2>
        <ul id="permissions" class="permissions"></ul>
      </div>
      <form id="key-form" novalidate autocomplete="off">
        <div id="fields"></div>
        <button type="submit" id="submit" class="primary">Connect</button>
      </form>
    </section>

    <section id="step-webhook" hidden>
      <p id="webhook-intro"></p>
      <label for="webhook-url">Request URL</label>
      <div class="copy-row"><input id="webhook-url" readonly><button type="button" class="copy" data-copy="webhook-url">Copy</button></div>
      <label for="webhook-secret">Secret Token</label>
      <div class="copy-row"><input id="webhook-secret" readonly><button type="button" class="copy" data-copy="webhook-secret">Copy</button></div>
      <p class="muted"><span id="webhook-types-label">Webhook types:</span> <span id="webhook-types"></span></p>
      <p id="webhook-state" class="webhook-state waiting" role="status" aria-live="polite"></p>
      <button type="button" id="finish" class="primary">Finish</button>
    </section>

    <section id="step-done" hidden>
      <p class="done" id="done-text">Connected.</p>
    </section>
  </main>
</div>
</body>
</html>
`;

export const CONNECT_CSS = `
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b2430}
.backdrop{min-height:100%;display:flex;align-items:center;justify-content:center;padding:16px;background:rgba(15,23,42,.55)}
.card{background:#fff;border-radius:14px;width:100%;max-width:480px;padding:20px 22px 24px;box-shadow:0 10px 40px rgba(0,0,0,.25)}
.top{display:flex;justify-content:space-between;align-items:center;min-height:32px}
h1{font-size:1.35rem;margin:.2rem 0 .3rem}
h1:focus{outline:none}
h2{font-size:1rem;margin:1rem 0 .4rem}
.muted{color:#5b6675;margin:.2rem 0}
.tools{list-style:none;padding:0;margin:1rem 0 0;display:grid;gap:10px}
.tools button{width:100%;display:flex;align-items:center;gap:12px;padding:12px 14px;border:1px solid #ccd3dd;border-radius:10px;background:#fff;font:inherit;cursor:pointer;text-align:left}
.tools button:hover{border-color:#1f3a5f}
.tools img{width:32px;height:32px}
.steps,.permissions{padding-left:1.3rem;margin:.2rem 0}
.steps li,.permissions li{margin:.2rem 0}
label{display:block;font-weight:600;margin:1rem 0 .3rem}
input{width:100%;padding:10px 12px;border:1px solid #b8c1cc;border-radius:8px;font:inherit;min-width:0}
input[aria-invalid=true]{border-color:#b42318}
.copy-row{display:flex;gap:8px}
button{font:inherit}
.primary{margin-top:1.2rem;width:100%;padding:12px;border:0;border-radius:10px;background:#1f3a5f;color:#fff;font-weight:600;cursor:pointer}
.primary[disabled]{opacity:.6;cursor:progress}
.copy{padding:0 14px;border:1px solid #1f3a5f;border-radius:8px;background:#fff;color:#1f3a5f;cursor:pointer}
.link{border:0;background:none;color:#1f3a5f;cursor:pointer;padding:4px 0}
.icon{border:0;background:none;font-size:1.6rem;line-height:1;cursor:pointer;padding:0 4px;margin-left:auto;color:#5b6675}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.alert{background:#fef3f2;border:1px solid #fda29b;color:#912018;border-radius:8px;padding:10px 12px;margin:.8rem 0}
.status{min-height:1.2em;margin:.4rem 0;color:#5b6675}
.webhook-state{font-weight:600}
.webhook-state.received{color:#067647}
.done{font-size:1.1rem;color:#067647;font-weight:600}
@media (max-width:420px){.backdrop{padding:0;align-items:stretch}.card{border-radius:0;max-width:none;padding:16px}}
`;

export const CONNECT_JS = `
'use strict';
(function () {
  var STRINGS = ${JSON.stringify(CONNECT_STRINGS)};
  var lang = 'en';
  function t(key, vars) {
    var text = (STRINGS[lang] || STRINGS.en)[key] || STRINGS.en[key];
    return text.replace(/\\{(\\w+)\\}/g, function (_, name) { return vars && vars[name] != null ? vars[name] : ''; });
  }
  var token = location.hash.replace(/^#/, '');
  var $ = function (id) { return document.getElementById(id); };
  var state = { info: null, tool: null, activation: null };
  var embedded = window.parent !== window;

  function api(path, options) {
    options = options || {};
    return fetch('/v1/connect/page' + path, {
      method: options.method || 'GET',
      headers: { 'X-Connect-Link': token, 'Content-Type': 'application/json' },
      body: options.body ? JSON.stringify(options.body) : undefined,
      credentials: 'omit',
      cache: 'no-store',
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) {
          var err = new Error((body.error && body.error.message) || ('The server answered HTTP ' + res.status + '.'));
          err.code = body.error && body.error.code;
          throw err;
        }
        return body.data;
      });
    }, function () { throw new Error(t('unreachable')); });
  }

  // showKomboConnect (@kombo-api/connect) listens for exactly these two messages from its iframe.
  // The activation token is worthless without the partner's API key, and is exchanged once.
  function post(message) { if (embedded) window.parent.postMessage(message, '*'); }

  function show(step) {
    ['step-pick', 'step-key', 'step-webhook', 'step-done'].forEach(function (id) { $(id).hidden = id !== step; });
    $('back').hidden = !(step === 'step-key' && state.info && state.info.tools.length > 1);
    $('title').focus();
  }
  function alertMsg(text) { $('alert').textContent = text || ''; $('alert').hidden = !text; }
  function status(text) { $('status').textContent = text || ''; }
  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }

  function pick() {
    $('title').textContent = t('pick_title');
    $('subtitle').textContent = t('pick_sub', { org: state.info.organization_name });
    var list = $('tools');
    list.textContent = '';
    state.info.tools.forEach(function (tool) {
      var li = el('li');
      var b = el('button');
      b.type = 'button';
      b.setAttribute('data-tool', tool.id);
      var img = el('img'); img.src = '/connect/logos/' + encodeURIComponent(tool.id) + '.svg'; img.alt = '';
      b.appendChild(img);
      b.appendChild(el('span', tool.label));
      b.addEventListener('click', function () { keyStep(tool); });
      li.appendChild(b);
      list.appendChild(li);
    });
    alertMsg(''); status('');
    show('step-pick');
  }

  function keyStep(tool) {
    state.tool = tool;
    $('title').textContent = t(state.info.relink ? 'update_key' : 'connect_tool', { tool: tool.label });
    $('subtitle').textContent = t('for_org', { org: state.info.organization_name });
    var steps = $('steps'); steps.textContent = '';
    tool.steps.forEach(function (s) { steps.appendChild(el('li', s)); });
    var perms = $('permissions'); perms.textContent = '';
    tool.permissions.forEach(function (p) { perms.appendChild(el('li', p)); });
    $('permissions-box').hidden = tool.permissions.length === 0;
    var fields = $('fields'); fields.textContent = '';
    tool.credential_fields.forEach(function (f, i) {
      var label = el('label', f.label); label.htmlFor = 'cred-' + f.field;
      var input = el('input'); input.id = 'cred-' + f.field; input.name = f.field; input.type = 'password';
      input.autocomplete = 'off'; input.spellcheck = false; input.required = true;
      fields.appendChild(label); fields.appendChild(input);
    });
    $('submit').textContent = t(state.info.relink ? 'save_key' : 'connect');
    alertMsg(''); status('');
    show('step-key');
    var first = fields.querySelector('input'); if (first) first.focus();
  }

  function submit(event) {
    event.preventDefault();
    var credentials = {};
    var missing = null;
    Array.prototype.forEach.call($('fields').querySelectorAll('input'), function (input) {
      var v = input.value.trim();
      input.setAttribute('aria-invalid', v ? 'false' : 'true');
      if (!v && !missing) missing = input;
      credentials[input.name] = v;
    });
    if (missing) { alertMsg(t('paste_first', { tool: state.tool.label, field: missing.previousSibling.textContent })); missing.focus(); return; }
    $('submit').disabled = true;
    alertMsg('');
    status(t('checking', { tool: state.tool.label }));
    api('/connect', { method: 'POST', body: { tool: state.tool.id, credentials: credentials } }).then(function (result) {
      state.activation = result.activation_token;
      status('');
      if (result.webhook) webhookStep(result.webhook); else done();
    }, function (error) {
      status('');
      $('submit').disabled = false;
      // The API names the field for programs; the person sees what the partner said.
      alertMsg(error.message.replace(/^credentials\.[a-z_]+: /, ''));
      Array.prototype.forEach.call($('fields').querySelectorAll('input'), function (input) { input.setAttribute('aria-invalid', 'true'); });
      var first = $('fields').querySelector('input'); if (first) first.focus();
    });
  }

  var polling = null;
  function webhookStep(hook) {
    var label = state.tool.label;
    $('title').textContent = t('webhook_title', { tool: label });
    $('subtitle').textContent = t('webhook_sub');
    $('webhook-intro').textContent = t('webhook_intro', { tool: label });
    $('webhook-url').value = hook.url;
    $('webhook-secret').value = hook.secret;
    $('webhook-types').textContent = hook.event_types.join(', ');
    var st = $('webhook-state');
    st.textContent = t('waiting', { tool: label });
    st.className = 'webhook-state waiting';
    show('step-webhook');
    polling = setInterval(function () {
      api('/webhook').then(function (r) {
        if (!r.received_at) return;
        clearInterval(polling);
        st.textContent = t('received', { tool: label });
        st.className = 'webhook-state received';
      }, function () {});
    }, 1500);
  }

  function copy(event) {
    var input = $(event.currentTarget.getAttribute('data-copy'));
    var button = event.currentTarget;
    var ok = function () { button.textContent = t('copied'); setTimeout(function () { button.textContent = t('copy'); }, 1500); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(ok, function () { input.select(); document.execCommand('copy'); ok(); });
    } else { input.select(); document.execCommand('copy'); ok(); }
  }

  function done() {
    if (polling) clearInterval(polling);
    $('title').textContent = t('done_title', { tool: state.tool.label });
    $('subtitle').textContent = '';
    $('done-text').textContent = t(embedded ? 'done_embedded' : 'done_alone');
    show('step-done');
    post({ type: 'success', data: { activation_token: state.activation } });
  }

  /** The static page's words in the link's language. */
  function localize() {
    document.documentElement.lang = lang;
    document.title = t('pick_title');
    $('back').textContent = t('back');
    $('close').setAttribute('aria-label', t('close'));
    document.querySelector('#step-key h2').textContent = t('before');
    document.querySelector('#permissions-box h2').textContent = t('permissions');
    $('finish').textContent = t('finish');
    $('webhook-types-label').textContent = t('webhook_types');
    Array.prototype.forEach.call(document.querySelectorAll('.copy'), function (b) { b.textContent = t('copy'); });
  }

  function fail(message) {
    $('title').textContent = t('fail_title');
    $('subtitle').textContent = '';
    alertMsg(message);
    ['step-pick', 'step-key', 'step-webhook', 'step-done'].forEach(function (id) { $(id).hidden = true; });
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('close').addEventListener('click', function () { if (polling) clearInterval(polling); post({ type: 'close' }); });
    $('back').addEventListener('click', pick);
    $('key-form').addEventListener('submit', submit);
    $('finish').addEventListener('click', done);
    Array.prototype.forEach.call(document.querySelectorAll('.copy'), function (b) { b.addEventListener('click', copy); });
    document.addEventListener('keydown', function (e) { if (e.key === 'Escape') $('close').click(); });
    if (!/^cl_[A-Za-z0-9_-]{43}$/.test(token)) { fail(t('incomplete')); return; }
    api('').then(function (info) {
      state.info = info;
      lang = STRINGS[info.language] ? info.language : 'en';
      localize();
      if (info.state === 'CONNECTED') { fail(t('used')); return; }
      if (info.tools.length === 1) keyStep(info.tools[0]); else pick();
    }, function (error) { fail(error.message); });
  });
})();
`;
