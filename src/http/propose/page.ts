/**
 * The proposers' page (GET /propose): HTML and CSS kept as TypeScript strings, like the
 * dashboard's, so the build alone ships them. It loads only /propose.css and /propose.js.
 */
export const proposeHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>govbridge — check a proposal before posting it</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/propose.css">
</head>
<body>
<header>
  <h1>Check a proposal</h1>
  <p class="sub">Paste the markdown you will post on Snapshot. govbridge reads it exactly as it will after the vote:
  the plan, the schedule, every problem on its line, and a block that makes the plan unambiguous.
  <a href="/">Back to the dashboard</a></p>
</header>
<main>
  <form id="lint-form" novalidate>
    <label for="body">Proposal markdown</label>
    <textarea id="body" name="body" rows="14" spellcheck="false" aria-describedby="body-help"></textarea>
    <p id="body-help" class="help">Checked as you type (at most 256 KiB). Nothing is stored or posted.</p>
    <div class="row">
      <div>
        <label for="start">Activation time for the schedule (your local time)</label>
        <input id="start" name="start" type="datetime-local" step="60">
      </div>
      <button id="check" type="submit">Check proposal</button>
    </div>
  </form>
  <p id="status" class="status" role="status" aria-live="polite">Paste a proposal to check it.</p>
  <section id="plan-section" hidden aria-labelledby="plan-title">
    <h2 id="plan-title">Plan</h2>
    <p id="plan-facts" class="facts"></p>
    <table id="plan-table">
      <caption class="visually-hidden">Allocations</caption>
      <thead><tr><th scope="col">Subnet</th><th scope="col">Name</th><th scope="col" class="num">Share</th><th scope="col" class="num">Amount</th><th scope="col">Mode</th></tr></thead>
      <tbody></tbody>
    </table>
    <p class="help">hold: stays staked at root · dca: bought in equal tranches over the DCA window.</p>
  </section>
  <section id="schedule-section" hidden aria-labelledby="schedule-title">
    <h2 id="schedule-title">Schedule for each allowed cadence</h2>
    <div id="schedules"></div>
  </section>
  <section id="issues-section" hidden aria-labelledby="issues-title">
    <h2 id="issues-title">Errors and warnings</h2>
    <ul id="issues"></ul>
    <h3>Your text, line by line</h3>
    <ol id="lines" class="lines"></ol>
  </section>
  <section id="block-section" hidden aria-labelledby="block-title">
    <h2 id="block-title">Block to paste under your prose</h2>
    <p class="help" id="block-note"></p>
    <pre id="block" tabindex="0" aria-label="govbridge block"></pre>
    <button id="copy" type="button">Copy block</button> <span id="copied" role="status" aria-live="polite"></span>
  </section>
</main>
<footer>Amounts in TAO (1 TAO = 10<sup>9</sup> RAO). The same parser runs in <code>govbridge lint</code> and behind <a href="/api/openapi.json">POST /api/lint</a>.</footer>
<script src="/propose.js"></script>
</body>
</html>
`;

export const proposeCss = `
:root { --bg:#0f1419; --card:#182029; --fg:#e6edf3; --muted:#9aa7b4; --link:#79b8ff; --bad:#ff7b72; --warn:#e3b341; --ok:#56d364; --focus:#ffd33d; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; overflow-wrap: anywhere; }
header, main, footer { max-width: 1000px; margin: 0 auto; padding: 10px 16px; }
h1 { margin: 8px 0 0; font-size: 24px; }
h2 { font-size: 18px; margin: 18px 0 6px; }
h3 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.sub, .help, footer { color: var(--muted); }
a { color: var(--link); }
label { display: block; font-weight: 600; margin: 10px 0 4px; }
textarea, input { width: 100%; max-width: 100%; background: #0b1016; color: var(--fg); border: 1px solid #3d4753; border-radius: 6px; padding: 8px; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
textarea { resize: vertical; min-height: 12em; }
.row { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-end; }
.row > div { flex: 1 1 220px; min-width: 0; }
button { background: #238636; color: #fff; border: 1px solid #2ea043; border-radius: 6px; padding: 8px 16px; font: inherit; font-weight: 600; cursor: pointer; }
button:hover { background: #2ea043; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.status { font-weight: 600; }
.status.bad { color: var(--bad); } .status.ok { color: var(--ok); }
section { background: var(--card); border-radius: 8px; padding: 4px 14px 14px; margin: 14px 0; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; padding: 5px 6px; border-bottom: 1px solid #2d333b; vertical-align: top; overflow-wrap: anywhere; }
th { overflow-wrap: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.rao { display: block; color: var(--muted); font-size: 12px; word-break: break-all; }
@media (max-width: 520px) { table { font-size: 13px; } th, td { padding: 4px 3px; } }
.facts { color: var(--muted); margin: 4px 0 8px; }
.facts b { color: var(--fg); }
.issue { margin: 4px 0; }
.issue .kind, .line .kind { font-weight: 700; text-transform: uppercase; font-size: 12px; margin-right: 6px; }
.error .kind { color: var(--bad); } .warning .kind { color: var(--warn); }
.lines { list-style: none; margin: 0; padding: 0; font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; background: #0b1016; border-radius: 6px; }
.line { display: grid; grid-template-columns: 3.5em minmax(0, 1fr); }
.line .no { color: var(--muted); text-align: right; padding-right: 8px; user-select: none; }
.line .text { white-space: pre-wrap; overflow-wrap: anywhere; min-height: 1.5em; }
.line.error { background: #3c1618; box-shadow: inset 3px 0 var(--bad); }
.line.warning { background: #33290b; box-shadow: inset 3px 0 var(--warn); }
.line .msg { grid-column: 2; font-family: system-ui, sans-serif; font-size: 13px; padding: 2px 0 4px; }
.gap { color: var(--muted); padding-left: 4.5em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #0b1016; padding: 10px; border-radius: 6px; font-size: 13px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
