/**
 * Body limits on the service's real HTTP app: the ops routes are mounted before the API, so
 * their own 4 KB limit is the one that holds, while an API write route still reads a body of
 * the same size.
 */
import path from 'node:path';
import { loadConfig } from '../../../src/config/load';
import { quietLogger } from '../../../src/log';
import { startService, type Service } from '../../../src/main';
import { tempDir, testEnv } from '../../helpers/tmp';

const FIVE_KB = 5 * 1024;

describe('body limits of the assembled service', () => {
  const dir = tempDir();
  let service: Service;
  let base: string;
  beforeAll(async () => {
    const cfg = loadConfig(testEnv({ GOVBRIDGE_DATA_DIR: path.join(dir, 'svc') }));
    if (!cfg.ok) throw new Error(cfg.errors.join('; '));
    service = await startService(cfg.value, quietLogger(), { schedule: false });
    base = `http://127.0.0.1:${service.port}`;
  });
  afterAll(() => service.stop());

  const post = (route: string, body: string) =>
    fetch(`${base}/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('refuses a 5 KB body to an ops route with 413', async () => {
    const body = JSON.stringify({ action: 'halt', planId: 'p', pad: 'x'.repeat(FIVE_KB) });
    expect(body.length).toBeGreaterThan(FIVE_KB);
    const r = await post('halt', body);
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ details: { code: 'body.too-large' } });
  });

  it('reads a 5 KB body on an API write route (POST /api/lint)', async () => {
    const prose = '# Allocation of 10 TAO\n\n- SN1 – One (100%)\n\nDCA over 2 weeks, purchases daily.\n';
    const body = JSON.stringify({ body: prose + '\n' + 'Why: the members asked for it. '.repeat(170) });
    expect(body.length).toBeGreaterThan(FIVE_KB);
    const r = await post('lint', body);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { ok: boolean }).ok).toBe(true);
  });
});
