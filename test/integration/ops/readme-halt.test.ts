import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../../helpers/tmp';
import { FIXTURE_ID } from '../../fixtures/hub/proposals';

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const run = promisify(execFile);

/** The lines of a README block between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
function block(name: string): string[] {
  const m = new RegExp(`<!-- ${name}:start -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n<!-- ${name}:end -->`).exec(readme);
  if (!m) throw new Error(`README has no ${name} block`);
  return m[1]!.trim().split('\n');
}

/**
 * The README's halt example, run as written against the demo as the README starts it: the same
 * config file, the same speed, the same commands (only the port differs: the test takes a free one).
 */
describe('README: the halt and resume example works on the demo', () => {
  const dir = tempDir();
  let service: ChildProcess;
  let base: string;

  beforeAll(async () => {
    const demo = /^npm ci && (\S+)=(\S+) npm start -- (.+)$/m.exec(readme);
    if (!demo) throw new Error('README has no demo command');
    const [, key, value, args] = demo;
    service = spawn(process.execPath, [cli, 'serve', ...args!.split(/\s+/), '--port', '0'], {
      cwd: root,
      env: { PATH: process.env.PATH, [key!]: value!, GOVBRIDGE_DATA_DIR: dir, GOVBRIDGE_LOG_FORMAT: 'json' },
    });
    let logs = '';
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line in 20 s: ${logs}`)), 20_000);
      service.stderr!.on('data', (d: Buffer) => {
        logs += d.toString();
        const m = /"message":"govbridge started".*?"port":(\d+)/.exec(logs) ?? /"port":(\d+).*?"message":"govbridge started"/.exec(logs);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => {
    service?.kill('SIGTERM');
  });

  const state = async (): Promise<string | undefined> => {
    const r = (await (await fetch(`${base}/api/plans`)).json()) as { plans: { id: string; state: string }[] };
    return r.plans.find((p) => p.id === FIXTURE_ID)?.state;
  };

  it('halts the seed plan, then resumes it with two keys', async () => {
    for (let i = 0; i < 150 && (await state()) !== 'active'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await state()).toBe('active');
    const commands = block('halt-example').map((line) => line.replace('http://127.0.0.1:8080', base).split(/\s+/));
    expect(commands.map((c) => c.slice(0, 3).join(' '))).toEqual(['npx govbridge halt', 'npx govbridge resume', 'npx govbridge resume']);
    const env = { PATH: process.env.PATH, GOVBRIDGE_DATA_DIR: path.join(dir, 'cli-side') };
    const exec = (c: string[]) => run(process.execPath, [cli, ...c.slice(2)], { cwd: root, env });

    const halt = await exec(commands[0]!);
    expect(JSON.parse(halt.stdout)).toMatchObject({ state: 'halted' });
    expect(await state()).toBe('halted');
    const first = await exec(commands[1]!);
    expect(JSON.parse(first.stdout)).toMatchObject({ state: 'halted', signatures: 1, required: 2 });
    expect(await state()).toBe('halted');
    const second = await exec(commands[2]!);
    expect(JSON.parse(second.stdout)).toMatchObject({ state: 'active', signatures: 2 });
    expect(await state()).toBe('active');
    // The CLI side had no store of its own and did not make one.
    expect(fs.existsSync(path.join(dir, 'cli-side'))).toBe(false);
  }, 60_000);
});
