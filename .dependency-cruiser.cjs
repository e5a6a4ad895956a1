/**
 * The import graph's rules (checked by `npm run lint:deps` and test/unit/architecture.test.ts):
 * no circle; the domain imports only the domain (and the shared Result and JSON helpers) and no
 * Node module; an adapter never runs another adapter's code (it may name its types); only the
 * composition root (src/app) and the entry points above it import src/app.
 */
const ADAPTERS = 'sources|chain|store|notify|http|jobs';
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'a circle makes load order matter and hides a missing seam',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment: 'src/domain is pure: plan, parse, rules, schedule, lifecycle',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: ['^src/domain/', '^src/result\\.ts$', '^src/json\\.ts$'] },
    },
    {
      name: 'domain-no-io',
      severity: 'error',
      comment: 'no Node module (fs, net, worker_threads …) in the domain',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'adapter-calls-adapter',
      severity: 'error',
      comment: "adapters meet in src/app (built from src/wiring's pieces); one may name another's types (its port), never run its code",
      from: { path: `^src/(${ADAPTERS})/` },
      to: { path: `^src/(${ADAPTERS})/`, pathNot: ['^src/$1/', '^src/store/problem\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-below-imports-the-app',
      severity: 'error',
      comment: 'src/app is the composition root: it imports the adapters and the domain, never the other way round',
      from: { path: `^src/(${ADAPTERS}|domain|wiring)/` },
      to: { path: '^src/app/' },
    },
    {
      name: 'tools-are-not-the-service',
      severity: 'error',
      comment: 'src/tools (the simulator, in-memory stores) serve the CLI and the bench; the running service never depends on them',
      from: { path: '^src/', pathNot: ['^src/tools/', '^src/cli/'] },
      to: { path: '^src/tools/' },
    },
  ],
  options: { tsConfig: { fileName: 'tsconfig.json' }, doNotFollow: { path: 'node_modules' }, tsPreCompilationDeps: true },
};
