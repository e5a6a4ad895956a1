/**
 * Comments cite the repository's own documents ("docs/design.md §4"). Every citation must name
 * a document that exists and a section it has, and no comment may point to a design document
 * outside the repository.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'artifacts' ? [] : files(p);
    return /\.(ts|md)$/.test(e.name) ? [p] : [];
  });
}

const sources = [...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'test')), path.join(ROOT, 'README.md')];
const CITATION = /docs\/([\w-]+\.md) §(\d+(?:\.\d+)?)/g;

/** The numbered headings of a document: "## 4. Schedule" → "4", "### 3.1 Canonical form" → "3.1". */
function sectionsOf(doc: string): Set<string> {
  const text = fs.readFileSync(path.join(ROOT, 'docs', doc), 'utf8');
  return new Set([...text.matchAll(/^#{2,4} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]!));
}

describe('citations of the repository docs', () => {
  it('every "docs/x.md §n" names an existing document and section', () => {
    const bad: string[] = [];
    let count = 0;
    for (const file of sources) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(CITATION)) {
        count++;
        const doc = m[1]!;
        if (!fs.existsSync(path.join(ROOT, 'docs', doc)) || !sectionsOf(doc).has(m[2]!)) bad.push(`${path.relative(ROOT, file)}: ${m[0]}`);
      }
    }
    expect(count).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });

  it('no comment cites the old outside design document', () => {
    const outside = sources.filter((f) => /\bDESIGN(?: \d|\s+section)/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(outside).toEqual([]);
  });

  it('no comment points to an issue tracker the repository does not ship', () => {
    const cites = sources
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\bissues? \d+\b/g)].map((m) => `${path.relative(ROOT, f)}: ${m[0]}`));
    expect(cites).toEqual([]);
  });

  it('relative links between the docs and from the README resolve', () => {
    const broken: string[] = [];
    for (const file of [...files(path.join(ROOT, 'docs')), path.join(ROOT, 'README.md')]) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\]\(((?:\.\.?\/|docs\/|[\w-]+\.md)[^)#\s]*)(?:#[^)]*)?\)/g)) {
        if (!fs.existsSync(path.resolve(path.dirname(file), m[1]!))) broken.push(`${path.relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
