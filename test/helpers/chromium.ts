import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, which .ci/run installs when it is missing. */
const CHROMIUM = '/usr/bin/chromium';
/** Headless as root, and without the background connections this closed network refuses. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** `describe` when Chromium is installed; else `describe.skip`, saying loudly what did not run. */
export function describeWithChromium(what: string): jest.Describe {
  if (fs.existsSync(CHROMIUM)) return describe;
  console.warn(`\n!!! ${what} SKIPPED: ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does this) !!!\n`);
  return describe.skip;
}
