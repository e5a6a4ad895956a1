#!/usr/bin/env node
// Entry for `npm run chain:dev` and the chain test harness: runs scripts/chain/node.ts through
// the TypeScript compiler's transpiler, so the scripts stay TypeScript without a build step.
require('./ts-hook.cjs');
require('./node.ts')
  .main(process.argv.slice(2))
  .catch((e) => {
    process.stderr.write(`chain:dev failed: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  });
