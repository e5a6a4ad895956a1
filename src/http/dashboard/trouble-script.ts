/**
 * The dashboard's trouble banners and the DRY-RUN marker, as browser JavaScript spliced into
 * /dashboard.js (it uses that script's `el` and `when`). Trouble is shown where it cannot be
 * missed: a hub that stopped answering, a plan whose recent tranches all failed, a halted or a
 * stale plan. Text goes in as text, never as HTML.
 */
export const troubleJs = `
  function showBanner(id, lines) {
    var b = document.getElementById(id);
    b.hidden = lines.length === 0;
    b.replaceChildren.apply(b, lines.map(function (l) { return el('p', {}, [l]); }));
  }

  // The hub banner: what is polled, since when it has not answered, and the last good poll.
  function hubLines(status) {
    var h = status && status.hub;
    if (!h || h.ok) return [];
    return ['HUB NOT ANSWERING: ' + status.source + ' (space ' + status.space + ') has not answered since ' + when(h.lastOkAt || h.failingSince) +
      ' UTC; last good poll: ' + (h.lastOkAt ? when(h.lastOkAt) + ' UTC' : 'none since start') + '. Last error: ' + (h.lastError || 'unknown') +
      '. New proposals are not seen until it answers; plans already active keep running.'];
  }

  function failingLines(plans) {
    return plans.filter(function (p) { return p.failing; }).map(function (p) {
      var f = p.failing;
      return 'TRANCHES FAILING: ' + p.title + ' — the last ' + f.count + ' tranches failed since ' + when(f.since) + ' UTC (' + f.code + '). What to do: ' + f.advice;
    });
  }

  function haltLines(plans) {
    return plans.filter(function (p) { return p.halted; }).map(function (p) {
      return 'HALTED: ' + p.title + ' — ' + p.halt.reason + ' (by ' + p.halt.by + ', ' + when(p.halt.at) + ' UTC)';
    });
  }

  function staleLines(plans) {
    return plans.filter(function (p) { return p.state === 'stale'; }).map(function (p) {
      return 'STALE: ' + p.title + ' — the plan is marked stale; nothing is sent for it. See /api/plans/' + p.id + '.';
    });
  }

  function renderTrouble(status, plans) {
    showBanner('hub-banner', hubLines(status));
    showBanner('failing-banner', failingLines(plans));
    showBanner('stale-banner', staleLines(plans));
    var halt = document.getElementById('halt-banner');
    halt.hidden = !plans.some(function (p) { return p.halted; });
    halt.textContent = haltLines(plans).join(' · ');
    var simulated = !!(status && status.chain && status.chain.simulated);
    document.getElementById('dry-run').hidden = !simulated;
    document.body.classList.toggle('simulated', simulated);
    var src = document.getElementById('source-line');
    src.textContent = status ? 'Source ' + status.source + ' · space ' + status.space + ' · chain ' + status.chain.kind + ' · last poll ' +
      (status.hub && status.hub.lastPollAt ? when(status.hub.lastPollAt) + ' UTC (' + (status.hub.ok ? 'ok' : 'failed') + ')' : 'not yet') : '';
    return simulated;
  }
`;
