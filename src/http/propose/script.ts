/**
 * The proposers' page script, served as /propose.js. Plain browser JavaScript in a string so the
 * build ships it. It sends the text to POST /api/lint as the proposer types (debounced) or on the
 * button, and renders the answer with DOM calls: text, never HTML, since the text is the user's.
 */
export const proposeJs = `'use strict';
(function () {
  var RAO = 1000000000n;
  var DEBOUNCE_MS = 250;
  var FULL_VIEW_LINES = 400;
  var form = document.getElementById('lint-form');
  var bodyInput = document.getElementById('body');
  var startInput = document.getElementById('start');
  var statusEl = document.getElementById('status');
  var timer = null, seq = 0, controller = null;

  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return n;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function show(id, on) { document.getElementById(id).hidden = !on; }

  // Decimal string of RAO -> TAO, exact (BigInt), every significant decimal kept.
  function tao(rao) {
    var v = BigInt(rao), a = v < 0n ? -v : v;
    var frac = (a % RAO).toString().padStart(9, '0').replace(/0+$/, '');
    return (v < 0n ? '-' : '') + (a / RAO).toLocaleString('en-US') + (frac ? '.' + frac : '');
  }
  function utc(iso) { return iso.slice(0, 16).replace('T', ' ') + ' UTC'; }
  function cadenceName(c) { return c === 'P1D' ? 'Daily (P1D)' : c === 'P1W' ? 'Weekly (P1W)' : c; }
  function pad(n) { return String(n).padStart(2, '0'); }

  // datetime-local wants the local wall time without a zone: default to now, to the minute.
  function localNow() {
    var d = new Date();
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
  function startIso() {
    var d = new Date(startInput.value);
    return isNaN(d.getTime()) ? undefined : d.toISOString();
  }

  function setStatus(text, kind) {
    statusEl.textContent = text;
    statusEl.className = 'status' + (kind ? ' ' + kind : '');
  }

  function check() {
    if (timer) { clearTimeout(timer); timer = null; }
    var text = bodyInput.value;
    if (!text.trim()) { render(null, text); setStatus('Paste a proposal to check it.'); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    var mine = ++seq;
    setStatus('Checking…');
    var payload = { body: text };
    var start = startIso();
    if (start) payload.start = start;
    fetch('/api/lint', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(payload), signal: controller.signal })
      .then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) throw new Error(j && j.error ? j.error : 'the server answered ' + r.status);
          return j;
        });
      })
      .then(function (report) { if (mine === seq) render(report, text); })
      .catch(function (e) { if (mine === seq && e.name !== 'AbortError') { render(null, text); setStatus('Could not check: ' + e.message, 'bad'); } });
  }
  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  function renderPlan(plan) {
    var facts = clear(document.getElementById('plan-facts'));
    var tbody = clear(document.querySelector('#plan-table tbody'));
    show('plan-section', !!plan);
    if (!plan) return;
    if (plan.kind === 'emergency') {
      document.getElementById('plan-table').hidden = true;
      facts.appendChild(el('span', {}, ['Emergency ', el('b', {}, [plan.action]), ' of plan ', el('b', {}, [plan.target]), ': ' + plan.reason]));
      return;
    }
    document.getElementById('plan-table').hidden = false;
    var src = plan.totalSource;
    var from = !src ? '' : src.lines ? ' (the ' + src.text + '; no total is stated)' : src.line !== null ? ' (line ' + src.line + ')' : '';
    var parts = ['Total ', el('b', { 'class': 'total' }, [tao(plan.totalRao) + ' TAO']), from + ' · read from the ' + plan.source + ' · '];
    parts.push(plan.dca ? el('span', {}, ['DCA over ', el('b', {}, [plan.dca.duration]), ', cadences ', el('b', {}, [plan.dca.cadences.join(', ')])]) : 'no DCA');
    parts.push(' · ', plan.lock ? el('span', { 'class': 'lock' }, ['locked for ', el('b', {}, [plan.lock.duration]), ' from activation']) : el('span', { 'class': 'lock' }, ['no lock']));
    parts.forEach(function (p) { facts.appendChild(typeof p === 'string' ? document.createTextNode(p) : p); });
    plan.allocations.forEach(function (a) {
      tbody.appendChild(el('tr', { 'data-netuid': String(a.netuid), 'data-mode': a.mode }, [
        el('td', { 'class': 'netuid' }, [a.netuid === 0 ? 'Root (0)' : 'SN' + a.netuid]),
        el('td', { 'class': 'name' }, [a.name]),
        el('td', { 'class': 'num percent' }, [a.percent + '%']),
        el('td', { 'class': 'num' }, [el('span', { 'class': 'tao' }, [tao(a.rao) + ' TAO']), el('span', { 'class': 'rao' }, [a.rao + ' RAO'])]),
        el('td', { 'class': 'mode' }, [a.mode]),
      ]));
    });
  }

  function renderSchedules(schedules) {
    var box = clear(document.getElementById('schedules'));
    show('schedule-section', schedules.length > 0);
    schedules.forEach(function (s) {
      var rows = s.allocations.map(function (a) {
        var sizes = a.sizes.map(function (z) { return z.count + ' × ' + tao(z.rao) + ' TAO'; }).join(' + ');
        return el('tr', { 'data-netuid': String(a.netuid) }, [el('td', {}, ['SN' + a.netuid + ' ' + a.name]), el('td', { 'class': 'num' }, [tao(a.rao) + ' TAO']), el('td', { 'class': 'sizes' }, [sizes])]);
      });
      box.appendChild(el('div', { 'class': 'schedule', 'data-cadence': s.cadence }, [
        el('h3', {}, [cadenceName(s.cadence)]),
        el('p', { 'class': 'facts' }, [el('b', { 'class': 'count' }, [String(s.count)]), ' tranches per subnet, first ', el('b', { 'class': 'first' }, [utc(s.first)]), ', last ', el('b', { 'class': 'last' }, [utc(s.last)]), ' (window ends ' + utc(s.end) + ')']),
        el('table', {}, [el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, ['Subnet']), el('th', { scope: 'col', 'class': 'num' }, ['Amount']), el('th', { scope: 'col' }, ['Tranche sizes'])])]), el('tbody', {}, rows)]),
      ]));
    });
  }

  function renderIssues(report, text) {
    var list = clear(document.getElementById('issues'));
    var view = clear(document.getElementById('lines'));
    var issues = report ? report.errors.map(function (i) { return { kind: 'error', i: i }; }).concat(report.warnings.map(function (i) { return { kind: 'warning', i: i }; })) : [];
    show('issues-section', issues.length > 0);
    if (!issues.length) return;
    var byLine = {};
    issues.forEach(function (x) {
      var where = x.i.line === null ? 'whole text' : el('a', { href: '#line-' + x.i.line }, ['line ' + x.i.line]);
      list.appendChild(el('li', { 'class': 'issue ' + x.kind, 'data-line': x.i.line === null ? '' : String(x.i.line) }, [el('span', { 'class': 'kind' }, [x.kind]), where, ': ' + x.i.message + (x.i.text ? ' — “' + x.i.text + '”' : '')]));
      if (x.i.line !== null) (byLine[x.i.line] = byLine[x.i.line] || []).push(x);
    });
    var lines = text.split(/\\r\\n|\\n|\\r/);
    // A final newline ends the last line; it does not start another one.
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    // Long texts show only the lines around each issue, so the page stays light.
    var keep = null;
    if (lines.length > FULL_VIEW_LINES) {
      keep = {};
      Object.keys(byLine).forEach(function (n) { for (var k = Number(n) - 2; k <= Number(n) + 2; k++) keep[k] = true; });
    }
    var skipped = false;
    lines.forEach(function (line, idx) {
      var no = idx + 1;
      if (keep && !keep[no]) { if (!skipped) view.appendChild(el('li', { 'class': 'gap', 'aria-hidden': 'true' }, ['…'])); skipped = true; return; }
      skipped = false;
      var mine = byLine[no] || [];
      var kind = mine.some(function (x) { return x.kind === 'error'; }) ? 'error' : mine.length ? 'warning' : '';
      var children = [el('span', { 'class': 'no' }, [String(no)]), el('span', { 'class': 'text' }, [line])];
      mine.forEach(function (x) { children.push(el('div', { 'class': 'msg ' + x.kind }, [el('span', { 'class': 'kind' }, [x.kind]), x.i.message])); });
      view.appendChild(el('li', { id: 'line-' + no, 'class': 'line' + (kind ? ' ' + kind : ''), 'data-line': String(no) }, children));
    });
  }

  function renderBlock(report) {
    show('block-section', !!(report && report.block));
    document.getElementById('copied').textContent = '';
    if (!report || !report.block) return;
    document.getElementById('block').textContent = report.block;
    document.getElementById('block-note').textContent = report.plan.source === 'block'
      ? 'Your proposal already has a block; this is how govbridge reads it.'
      : 'Paste this under your prose: the block then decides, and the prose is checked against it.';
  }

  function render(report, text) {
    renderPlan(report ? report.plan : null);
    renderSchedules(report ? report.schedules : []);
    renderIssues(report, text);
    renderBlock(report);
    if (!report) return;
    var w = report.warnings.length, e = report.errors.length;
    var plural = function (n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); };
    if (report.ok) setStatus('govbridge can execute this proposal as written' + (w ? ' (' + plural(w, 'warning') + ')' : '') + '.', 'ok');
    else setStatus(plural(e, 'error') + (w ? ' and ' + plural(w, 'warning') : '') + ': govbridge would refuse to execute this proposal.', 'bad');
  }

  function copyBlock() {
    var pre = document.getElementById('block'), note = document.getElementById('copied');
    var done = function () { note.textContent = 'Copied.'; };
    var fallback = function () {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      note.textContent = document.execCommand('copy') ? 'Copied.' : 'Selected: press Ctrl+C (⌘C) to copy.';
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(pre.textContent).then(done, fallback);
    else fallback();
  }

  startInput.value = localNow();
  form.addEventListener('submit', function (ev) { ev.preventDefault(); check(); });
  bodyInput.addEventListener('input', later);
  startInput.addEventListener('change', later);
  document.getElementById('copy').addEventListener('click', copyBlock);
})();
`;
