// npm postinstall: applies patches/ (chopsticks' Aura slot-duration fix, DESIGN 8) when the dev
// dependencies are installed. A production install (--omit=dev) has neither chopsticks nor
// patch-package and needs no patch, so it is skipped there instead of failing the install.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'node_modules', 'patch-package', 'index.js');
// chopsticks-core's exports map hides its package.json from require.resolve: look on disk.
const patched = path.join(root, 'node_modules', '@acala-network', 'chopsticks-core', 'package.json');
if (!fs.existsSync(bin) || !fs.existsSync(patched)) process.exit(0);
const r = spawnSync(process.execPath, [bin, '--error-on-fail'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
