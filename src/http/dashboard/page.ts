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
  <h1>govbridge</h1>
  <p class="sub">DAO vote → locked plan → on-chain execution, in the open. <a href="/propose" style="color:#58a6ff">Check a proposal before posting it</a></p>
  <p class="updated" id="updated">loading…</p>
</header>
<div id="halt-banner" class="banner" role="alert" hidden></div>
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
.sub, .updated, footer { color: var(--muted); margin: 2px 0; }
footer a, td a { color: var(--sched); }
.banner { max-width: 1100px; margin: 8px auto; padding: 14px 20px; border-radius: 6px; font-weight: 600; font-size: 16px; }
#halt-banner { background: #b62324; color: #fff; border: 2px solid var(--bad); }
.banner.warn { background: #3d2e00; color: #f0d48a; }
.plan { background: var(--card); border-radius: 8px; padding: 16px 20px; margin: 14px 0; }
.plan h2 { margin: 0 0 4px; font-size: 18px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 10px; font-size: 12px; font-weight: 700; text-transform: uppercase; background: #238636; margin-left: 8px; vertical-align: middle; }
.badge.halted, .badge.cancelled { background: var(--bad); }
.badge.completed { background: #6e7681; }
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
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #2d333b; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.pos { color: var(--ok); } .neg { color: var(--bad); }
.st-failed, .st-skipped { color: var(--bad); } .st-finalized { color: var(--ok); } .st-submitting, .st-in-block { color: var(--warn); }
`;
