/**
 * The dashboard's HTML and CSS, kept as TypeScript strings so `npm run build` alone ships them
 * in dist/. No framework, no CDN: the page loads only /dashboard.css and /dashboard.js.
 */
export function dashboardHtml(refreshMs: number): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>govbridge — treasury execution</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard.css">
</head>
<body data-refresh-ms="${Math.max(100, Math.floor(refreshMs))}">
<header>
  <nav id="nav" aria-label="pages"><a href="/" aria-current="page">Dashboard</a> <a href="/propose">Check a proposal before posting it</a></nav>
  <h1>govbridge <span id="dry-run" class="dry-run" title="the chain is simulated: no money moves, and tx hashes exist on no real chain" hidden>DRY-RUN · simulated chain, no money moves</span></h1>
  <p class="sub">DAO vote → locked plan → on-chain execution, in the open.</p>
  <p class="updated" id="source-line"></p>
  <p class="updated" id="updated">loading…</p>
  <p class="updated" id="role"></p>
</header>
<div id="halt-banner" class="banner" role="alert" hidden></div>
<div id="failing-banner" class="banner bad" role="alert" hidden></div>
<div id="hub-banner" class="banner warn" role="alert" hidden></div>
<div id="stale-banner" class="banner warn" role="status" hidden></div>
<div id="error-banner" class="banner warn" role="status" hidden></div>
<main>
  <section id="plans"></section>
  <section>
    <h2>Proposals seen</h2>
    <table id="proposals"><thead><tr><th>Proposal</th><th>Verdict</th><th>Reasons</th></tr></thead><tbody></tbody></table>
  </section>
</main>
<footer>Amounts in TAO (1 TAO = 10<sup>9</sup> RAO). Prices in TAO per alpha. Data: <a href="/api/openapi.json">API</a> · <a href="/metrics">metrics</a></footer>
<script src="/dashboard.js"></script>
</body>
</html>
`;
}

export const dashboardCss = `
:root { --bg:#0f1419; --card:#182029; --fg:#e6edf3; --muted:#8b98a5; --ok:#3fb950; --sched:#58a6ff; --bad:#f85149; --warn:#d29922; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 12px 20px; }
header h1 { margin: 8px 0 0; font-size: 24px; }
nav a { color: var(--sched); margin-right: 14px; font-size: 13px; }
.dry-run { display: inline-block; vertical-align: middle; margin-left: 8px; padding: 3px 10px; border-radius: 4px; background: var(--warn); color: #111; font-size: 13px; font-weight: 800; letter-spacing: .03em; }
.dry-run[hidden] { display: none; }
.banner p { margin: 2px 0; }
.banner.bad { background: #5a1d1d; color: #ffd7d5; border: 2px solid var(--bad); }
.tx.simulated { color: var(--muted); }
.sub, .updated, footer { color: var(--muted); margin: 2px 0; }
footer a, td a { color: var(--sched); }
.banner { max-width: 1100px; margin: 8px auto; overflow-wrap: anywhere; padding: 14px 20px; border-radius: 6px; font-weight: 600; font-size: 16px; }
#halt-banner { background: #b62324; color: #fff; border: 2px solid var(--bad); }
.banner.warn { background: #3d2e00; color: #f0d48a; }
.plan { background: var(--card); border-radius: 8px; padding: 16px 20px; margin: 14px 0; }
.plan h2 { margin: 0 0 4px; font-size: 18px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 10px; font-size: 12px; font-weight: 700; text-transform: uppercase; background: #238636; margin-left: 8px; vertical-align: middle; }
.badge.halted, .badge.cancelled { background: var(--bad); }
.badge.completed { background: #6e7681; }
.badge.stale { background: var(--warn); color: #111; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 8px 0 12px; color: var(--muted); }
.facts b { color: var(--fg); }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
@media (max-width: 800px) { .grid { grid-template-columns: 1fr; } }
h3 { font-size: 14px; margin: 12px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.subnet { margin: 8px 0; }
.bar { position: relative; height: 14px; background: #2d333b; border-radius: 7px; overflow: hidden; }
.bar .fill { position: absolute; top: 0; left: 0; height: 100%; background: var(--ok); }
.bar .mark { position: absolute; top: 0; width: 2px; height: 100%; background: var(--sched); }
.subnet-text { font-size: 13px; }
svg { width: 100%; height: auto; background: #11171d; border-radius: 6px; }
svg text { fill: var(--muted); font-size: 11px; }
.legend span { margin-right: 14px; font-size: 12px; }
.legend .k { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
/* break-word, not anywhere: columns keep the width of their words ("Staked", "Change") and only a
   token longer than its column (a tx hash) is broken. */
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #2d333b; overflow-wrap: break-word; }
.plan h2, .facts span { overflow-wrap: anywhere; }
/* A phone (390 px): less padding, a fixed table layout that wraps instead of widening the page,
   and the least needed columns hidden (the API has them all). */
@media (max-width: 600px) {
  header, main, footer { padding: 8px 10px; }
  .banner { margin: 8px 6px; padding: 10px 12px; font-size: 14px; }
  .plan { padding: 12px 10px; }
  table { table-layout: fixed; font-size: 12px; }
  th, td { padding: 3px 3px; }
  .wide { display: none; }
}
/* On a wide screen headers and figures never break inside a word; the phone layout above wraps. */
@media (min-width: 601px) { th, td.num { white-space: nowrap; } }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.pos { color: var(--ok); } .neg { color: var(--bad); }
.st-failed, .st-skipped { color: var(--bad); } .st-finalized { color: var(--ok); } .st-submitting, .st-in-block { color: var(--warn); }
`;
