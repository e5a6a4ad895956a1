import fs from 'node:fs';
import { parseProposal } from '../../../src/domain/parse';
import { planToJson } from '../../../src/domain/plan';
it('scratch', () => {
  const bodies = fs.readFileSync('/tmp/h5/in.txt', 'utf8').split('\n=====\n');
  let out = '';
  for (const b of bodies) {
    const r = parseProposal(b);
    out += `--- ${JSON.stringify(b.slice(0, 100))}\n`;
    if (r.ok) { const j = planToJson(r.value) as any; out += `OK total=${j.totalRao} src=${JSON.stringify(j.totalSource)} allocs=${j.allocations?.map((a: any) => `${a.netuid}:${a.percent}:${a.rao}`).join(',')} dca=${JSON.stringify(j.dca)} lock=${JSON.stringify(j.lock)}\n`; }
    else out += `ERR ${r.errors.map((e) => `L${e.line}: ${e.message}`).join('\n    ')}\n`;
    if (r.warnings.length) out += `WARN ${r.warnings.map((e) => `L${e.line}: ${e.message}`).join('\n    ')}\n`;
  }
  fs.writeFileSync('/tmp/h5/out.txt', out);
});
