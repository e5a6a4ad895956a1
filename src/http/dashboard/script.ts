import { taoText } from '../../domain/tao-text';
import { troubleJs } from './trouble-script';

/**
 * The dashboard's script, served as /dashboard.js. Plain browser JavaScript kept in a string so
 * the build ships it; it polls the API, renders with DOM calls (text, never HTML, so hostile
 * proposal titles stay text), draws charts as inline SVG and formats RAO exactly with BigInt.
 */
export const dashboardJs = `'use strict';
(function () {
  var SVGNS = 'http://www.w3.org/2000/svg';
  var RAO = 1000000000n;
  var refreshMs = Number(document.body.getAttribute('data-refresh-ms')) || 15000;

  // Builds an element with attributes and children; text goes in as text, never as HTML.
  function el(tag, attrs, children) {
    var n = tag.indexOf('svg:') === 0 ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return n;
  }

  // The same formatter as the CLI's (src/domain/tao-text.ts), shipped as its source text.
  var taoText = ${taoText.toString()};
  // Decimal string of RAO -> TAO text (BigInt, never a float), with at most "digits" decimals.
  function tao(rao, digits) {
    if (rao === null || rao === undefined) return '—';
    return taoText(BigInt(rao), digits === undefined ? 3 : digits, true);
  }
  function when(iso) { return iso ? iso.replace('T', ' ').slice(0, 16) : '—'; }
  function sentText(sent, planned, fees) { return tao(sent) + ' of ' + tao(planned) + ' TAO sent (' + tao(fees) + ' TAO fees)'; }
  var simulated = false;
  var num = function (rao) { return Number(BigInt(rao)) / 1e9; };
  function pct(part, whole) { return BigInt(whole) === 0n ? 0 : Math.min(100, Number((BigInt(part) * 10000n) / BigInt(whole)) / 100); }
  function countdown(seconds) {
    if (seconds === null) return 'none';
    if (seconds <= 0) return 'ended';
    var d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600), m = Math.floor((seconds % 3600) / 60);
    return d + 'd ' + h + 'h ' + m + 'm';
  }
  function getJson(path) {
    return fetch(path, { headers: { accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error(path + ' answered ' + r.status);
      return r.json();
    });
  }

  function progressBars(progress) {
    return el('div', {}, progress.subnets.map(function (s) {
      var bar = el('div', { class: 'bar', title: 'deployed vs planned; the blue mark is what the schedule says by now' }, [
        el('div', { class: 'fill', style: 'width:' + pct(s.sentRao, s.plannedRao) + '%' }),
        el('div', { class: 'mark', style: 'left:' + pct(s.scheduledRao, s.plannedRao) + '%' }),
      ]);
      return el('div', { class: 'subnet', 'data-netuid': String(s.netuid) }, [
        el('div', { class: 'subnet-text' }, ['SN' + s.netuid + ' ' + s.name + ': ' + sentText(s.sentRao, s.plannedRao, s.feesRao) + ', ' + tao(s.stakedRao) + ' staked, ' + tao(s.alphaReceived) + ' alpha (schedule by now ' + tao(s.scheduledRao) + ', tranches ' + s.tranchesDone + '/' + s.tranchesTotal + ')']),
        bar,
      ]);
    }));
  }

  // Cumulative deployed (finalized tranches) against the cumulative schedule, as step lines.
  function cumulativeChart(detail, tranches, asOf) {
    var W = 520, H = 220, P = 34;
    var sched = detail.schedule.slice().sort(function (a, b) { return Date.parse(a.dueAt) - Date.parse(b.dueAt); });
    var done = tranches.filter(function (t) { return t.state === 'finalized'; }).sort(function (a, b) { return Date.parse(a.at) - Date.parse(b.at); });
    var t0 = Date.parse(detail.activatedAt || (sched[0] && sched[0].dueAt) || asOf);
    var t1 = Math.max(sched.length ? Date.parse(sched[sched.length - 1].dueAt) : t0 + 1, Date.parse(asOf), t0 + 1);
    var maxY = Math.max(num(detail.progress.plannedRao), 1e-9);
    var x = function (t) { return P + ((t - t0) / (t1 - t0)) * (W - 2 * P); };
    var y = function (v) { return H - P + 6 - (v / maxY) * (H - 2 * P); };
    function steps(points) {
      var sum = 0, d = 'M' + x(t0) + ',' + y(0);
      points.forEach(function (p) { d += ' H' + x(p.t) + ' V' + y((sum += p.v)); });
      return { d: d, sum: sum };
    }
    var s = steps(sched.map(function (p) { return { t: Date.parse(p.dueAt), v: num(p.amountRao) }; }));
    var dep = steps(done.map(function (p) { return { t: Date.parse(p.at), v: num(p.amountRao) }; }));
    var nowX = x(Date.parse(asOf));
    return el('svg:svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'cumulative TAO deployed against the schedule', class: 'cumulative' }, [
      el('svg:line', { x1: P, y1: y(0), x2: W - P, y2: y(0), stroke: '#444c56' }),
      el('svg:path', { d: s.d + ' H' + x(t1), fill: 'none', stroke: '#58a6ff', 'stroke-width': 2, 'stroke-dasharray': '5 3', class: 'schedule-line' }),
      el('svg:path', { d: dep.d + ' H' + Math.min(nowX, x(t1)), fill: 'none', stroke: '#3fb950', 'stroke-width': 3, class: 'deployed-line' }),
      el('svg:line', { x1: nowX, y1: P - 10, x2: nowX, y2: y(0), stroke: '#d29922', 'stroke-dasharray': '2 2' }),
      el('svg:text', { x: nowX + 3, y: P - 2 }, ['now']),
      el('svg:text', { x: 4, y: y(maxY) + 4 }, [tao(detail.progress.plannedRao, 1)]),
      el('svg:text', { x: 4, y: y(0) + 4 }, ['0']),
      el('svg:text', { x: P, y: H - 4 }, [new Date(t0).toISOString().slice(0, 10)]),
      el('svg:text', { x: W - P - 60, y: H - 4 }, [new Date(t1).toISOString().slice(0, 10)]),
    ]);
  }

  // Post-execution review chart: change vs entry per subnet beside the root share, around zero.
  function reviewChart(review) {
    var rows = review.subnets.map(function (s) { return { label: 'SN' + s.netuid, bps: s.changeBps === null ? null : Number(s.changeBps) }; });
    var rootPlanned = BigInt(review.root.plannedRao);
    rows.push({ label: 'Root', bps: rootPlanned === 0n ? null : Number(((BigInt(review.root.valueRao) - rootPlanned) * 10000n) / rootPlanned) });
    var W = 520, rowH = 26, H = rows.length * rowH + 28, L = 56, R = 70, mid = L + (W - L - R) / 2;
    // A fixed symmetric scale (±10 %), so a small move draws a small bar; beyond it the bar is full.
    var SCALE = 1000;
    var w = function (b) { return (Math.min(Math.abs(b), SCALE) / SCALE) * ((W - L - R) / 2); };
    var kids = [el('svg:line', { x1: mid, y1: 4, x2: mid, y2: H - 20, stroke: '#6e7681' }), el('svg:text', { x: mid - 4, y: H - 6 }, ['0%']),
      el('svg:text', { x: L, y: H - 6 }, ['-10%']), el('svg:text', { x: W - R - 24, y: H - 6 }, ['+10%'])];
    rows.forEach(function (r, i) {
      var top = 8 + i * rowH;
      kids.push(el('svg:text', { x: 6, y: top + 13 }, [r.label]));
      if (r.bps === null) { kids.push(el('svg:text', { x: mid + 6, y: top + 13 }, ['no price'])); return; }
      kids.push(el('svg:rect', { x: r.bps < 0 ? mid - w(r.bps) : mid, y: top, width: Math.max(1, w(r.bps)), height: 16, fill: r.bps < 0 ? '#f85149' : '#3fb950', class: 'change-bar' }));
      kids.push(el('svg:text', { x: r.bps < 0 ? mid + 6 : mid + w(r.bps) + 6, y: top + 13 }, [(r.bps / 100).toFixed(2) + '%']));
    });
    return el('svg:svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'review: change vs entry, subnets and root', class: 'review-chart' }, kids);
  }

  function priceText(p) { return p === null ? '—' : tao(p, 4); }
  function reviewTable(review) {
    var body = review.subnets.map(function (s) {
      var cls = s.changeRao === null ? '' : BigInt(s.changeRao) < 0n ? 'neg' : 'pos';
      return el('tr', { 'data-netuid': String(s.netuid) }, [
        el('td', {}, ['SN' + s.netuid + ' ' + s.name]),
        el('td', { class: 'num deployed' }, [tao(s.deployedRao)]),
        el('td', { class: 'num wide' }, [tao(s.alphaReceived)]),
        el('td', { class: 'num entry' }, [priceText(s.averageEntryPrice)]),
        el('td', { class: 'num price' }, [priceText(s.currentPrice)]),
        el('td', { class: 'num value wide' }, [tao(s.currentValueRao)]),
        el('td', { class: 'num change ' + cls }, [s.changePercent === null ? '—' : s.changePercent + '%']),
      ]);
    });
    body.push(el('tr', { 'data-netuid': '0' }, [el('td', {}, ['Root share (held)']), el('td', { class: 'num' }, [tao(review.root.plannedRao)]), el('td', { class: 'wide' }, []), el('td', {}, []), el('td', {}, []), el('td', { class: 'num wide' }, [tao(review.root.valueRao)]), el('td', {}, [])]));
    var wide = [false, false, true, false, false, true, false];
    var head = el('tr', {}, ['Subnet', 'Staked', 'Alpha', 'Avg entry', 'Price now', 'Value now', 'Change'].map(function (h, i) { return el('th', { class: (i ? 'num' : '') + (wide[i] ? ' wide' : '') }, [h]); }));
    return el('table', { class: 'review' }, [el('thead', {}, [head]), el('tbody', {}, body)]);
  }

  function trancheTable(tranches) {
    var recent = tranches.slice().sort(function (a, b) { return Date.parse(b.at) - Date.parse(a.at); }).slice(0, 12);
    var head = el('tr', {}, ['When', 'Subnet', 'TAO sent', 'State', 'Block', 'Tx'].map(function (h) { return el('th', h === 'Block' ? { class: 'wide' } : {}, [h]); }));
    return el('table', { class: 'tranches' }, [el('thead', {}, [head]), el('tbody', {}, recent.map(function (t) {
      // A simulated hash is shown as text: it exists on no real chain, so it never links.
      var short = t.txHash ? t.txHash.slice(0, 8) + '…' + t.txHash.slice(-4) : '—';
      var link = t.explorerLink && !simulated ? el('a', { href: t.explorerLink, target: '_blank', rel: 'noopener noreferrer' }, [short]) : el('span', { class: 'tx' + (simulated ? ' simulated' : '') }, [short]);
      return el('tr', { 'data-id': t.id }, [
        el('td', {}, [t.at.replace('T', ' ').slice(0, 16)]), el('td', {}, ['SN' + t.netuid]), el('td', { class: 'num' }, [tao(t.amountRao)]),
        el('td', { class: 'st-' + t.state, title: t.reason || '' }, [t.state + (t.reason ? ' (' + t.reason.replace(/^not signed:\\s*/, '').split(':')[0] + ')' : '')]), el('td', { class: 'wide' }, [t.blockNumber === null ? '—' : String(t.blockNumber)]), el('td', {}, [link]),
      ]);
    }))]);
  }

  var MOVES = { removeStake: 'unstaked from root', removeStakeLimit: 'unstaked from root', addStake: 'staked to root', addStakeLimit: 'staked to root' };
  function phase1Text(moves) {
    return moves.length ? moves.map(function (m) { return tao(m.amountRao) + ' TAO ' + (MOVES[m.action] || m.action) + ' (' + m.state + ')'; }).join(', ') : 'nothing moved yet';
  }

  function planCard(detail, tranches, report, asOf) {
    var p = detail.progress;
    return el('article', { class: 'plan', 'data-plan': detail.id }, [
      el('h2', {}, [detail.title, el('span', { class: 'badge state ' + detail.state }, [detail.state])]),
      el('div', { class: 'facts' }, [
        el('span', {}, ['Sent ', el('b', { class: 'deployed-total' }, [tao(p.sentRao)]), ' of ', el('b', {}, [tao(p.plannedRao)]), ' TAO (', el('b', { class: 'fees-total' }, [tao(p.feesRao)]), ' TAO fees)']),
        el('span', {}, ['Schedule by now ', el('b', { class: 'scheduled-total' }, [tao(p.scheduledRao)]), ' TAO']),
        el('span', {}, ['Lock ', el('b', { class: 'lock' }, [countdown(p.lockRemainingSeconds)]), detail.lockEndsAt ? ' (until ' + detail.lockEndsAt.slice(0, 10) + ')' : '']),
        el('span', { class: 'plan-total' }, ['Plan ', el('b', {}, [tao(detail.totalRao)]), ' TAO: ', el('b', {}, [tao(detail.holdRao)]), ' held at root; phase 1: ', phase1Text(detail.phase1 || [])]),
        el('span', {}, ['Proposal ', el('b', {}, [detail.proposalId.slice(0, 12) + '…'])]),
      ]),
      el('div', { class: 'grid' }, [
        el('div', {}, [el('h3', {}, ['Progress per subnet']), progressBars(p)]),
        el('div', {}, [el('h3', {}, ['Cumulative TAO: deployed vs schedule']), cumulativeChart(detail, tranches, asOf),
          el('div', { class: 'legend' }, [el('span', {}, [el('i', { class: 'k', style: 'background:#3fb950' }), 'deployed']), el('span', {}, [el('i', { class: 'k', style: 'background:#58a6ff' }), 'schedule'])])]),
      ]),
      el('h3', {}, ['Review: average entry vs current price']),
      report ? el('div', { class: 'grid' }, [reviewTable(report.review), reviewChart(report.review)]) : el('p', {}, ['review unavailable']),
      el('h3', {}, ['Recent tranches']),
      trancheTable(tranches),
    ]);
  }

  ${troubleJs}

  function render(state) {
    simulated = renderTrouble(state.status, state.plans);
    var plans = document.getElementById('plans');
    plans.replaceChildren.apply(plans, state.details.length ? state.details.map(function (d) { return planCard(d.detail, d.tranches, d.report, state.asOf); }) : [el('p', {}, ['No plans yet.'])]);
    var tbody = document.querySelector('#proposals tbody');
    tbody.replaceChildren.apply(tbody, state.proposals.map(function (p) {
      var title = p.link ? el('a', { href: p.link, target: '_blank', rel: 'noopener noreferrer' }, [p.title]) : p.title;
      var by = p.author ? el('div', { class: 'author sub' }, ['by ' + (p.author.length > 16 ? p.author.slice(0, 8) + '…' + p.author.slice(-4) : p.author)]) : '';
      return el('tr', { 'data-verdict': p.verdict }, [el('td', {}, [title, by]), el('td', { class: 'verdict' }, [p.verdict]), el('td', {}, [p.reasons.join('; ')])]);
    }));
    document.getElementById('updated').textContent = 'updated ' + state.asOf.replace('T', ' ').slice(0, 19) + ' UTC · refreshes every ' + (refreshMs / 1000).toFixed(refreshMs < 1000 ? 1 : 0) + ' s';
    // Which process answered: the executor lease holder, or a standby that serves the API only.
    var role = document.getElementById('role');
    role.setAttribute('data-role', state.ready && state.ready.role ? state.ready.role : 'unknown');
    role.textContent = !state.ready || !state.ready.role ? '' : state.ready.role === 'leader'
      ? 'this process leads: it polls and executes (' + state.ready.self + ')'
      : 'this process stands by and serves the API; the executor runs on ' + (state.ready.leader || 'no process right now');
    document.body.setAttribute('data-renders', String(Number(document.body.getAttribute('data-renders') || 0) + 1));
  }

  function refresh() {
    // /ready answers 503 with the same body when a check fails: the role is still worth showing.
    var ready = fetch('/ready', { headers: { accept: 'application/json' } }).then(function (r) { return r.json(); }).catch(function () { return null; });
    return Promise.all([getJson('/api/plans'), getJson('/api/proposals'), getJson('/api/status').catch(function () { return null; }), ready]).then(function (r) {
      var list = r[0], proposals = r[1].proposals, status = r[2], readyBody = r[3];
      simulated = !!(status && status.chain && status.chain.simulated);
      return Promise.all(list.plans.map(function (p) {
        var id = encodeURIComponent(p.id);
        return Promise.all([getJson('/api/plans/' + id), getJson('/api/plans/' + id + '/tranches'), getJson('/api/plans/' + id + '/report').catch(function () { return null; })])
          .then(function (x) { return { detail: x[0], tranches: x[1].tranches, report: x[2] }; });
      })).then(function (details) {
        render({ asOf: list.asOf, plans: list.plans, details: details, proposals: proposals, status: status, ready: readyBody });
        document.getElementById('error-banner').hidden = true;
      });
    }).catch(function (e) {
      var b = document.getElementById('error-banner');
      b.hidden = false;
      b.textContent = 'Cannot reach the govbridge API: ' + e.message + ' (retrying)';
    }).then(function () { setTimeout(refresh, refreshMs); });
  }
  refresh();
})();
`;
