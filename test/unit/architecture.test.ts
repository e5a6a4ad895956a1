import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The import graph of src/ against .dependency-cruiser.cjs: no circle, a pure domain, adapters
 * that never run each other's code. The cruise is checked to have read the real graph (its
 * module count and a known edge), so a broken configuration cannot pass by seeing nothing.
 */
interface Cruise {
  summary: { violations: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }[]; totalCruised: number };
  modules: { source: string; dependencies: { resolved: string }[] }[];
}

const root = path.resolve(__dirname, '..', '..');

describe('the import graph', () => {
  let cruise: Cruise;
  beforeAll(() => {
    const bin = path.join(root, 'node_modules', '.bin', 'depcruise');
    const out = execFileSync(bin, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    cruise = JSON.parse(out.toString()) as Cruise;
  }, 60_000);

  it('reads the whole of src/ with its imports', () => {
    expect(cruise.summary.totalCruised).toBeGreaterThan(150);
    const components = cruise.modules.find((m) => m.source === 'src/wiring/components.ts');
    expect(components?.dependencies.map((d) => d.resolved)).toContain('src/store/db.ts');
  });

  it('has no circle, a pure domain and no adapter running another adapter', () => {
    const lines = cruise.summary.violations.map(
      (v) => `${v.rule.name}: ${v.from} → ${v.cycle ? v.cycle.map((c) => c.name).join(' → ') : v.to}`,
    );
    expect(lines).toEqual([]);
  });
});
