import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runNode, type ScriptResult } from './helpers/node-script';

/**
 * The architecture rules of .dependency-cruiser.cjs (run by `npm run lint`) fail on what they
 * forbid: each case adds one forbidden import to a copy of the source tree and runs
 * dependency-cruiser there, as lint does, on the folder it touches (a second or two each).
 */
const ROOT = path.resolve(__dirname, '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', 'data', 'coverage', 'test-results']);

describe('architecture rules (dependency-cruiser)', () => {
  let tree: string;

  beforeAll(() => {
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-architecture-'));
    for (const entry of fs.readdirSync(ROOT)) {
      if (NOT_COPIED.has(entry)) continue;
      fs.cpSync(path.join(ROOT, entry), path.join(tree, entry), { recursive: true });
    }
    // Resolving typeorm, graphql... needs the packages, not a copy of them.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
  });
  afterAll(() => fs.rmSync(tree, { recursive: true, force: true }));

  /** dependency-cruiser on `paths` of the copy, with these files added for the time of the run. */
  async function cruise(paths: string[], files: Record<string, string> = {}): Promise<ScriptResult> {
    const added = Object.keys(files).filter((file) => !fs.existsSync(path.join(tree, file)));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
      fs.writeFileSync(path.join(tree, file), text);
    }
    try {
      return await runNode([DEPCRUISE, '-c', '.dependency-cruiser.cjs', ...paths], {
        cwd: tree,
        timeoutMs: 60_000,
      });
    } finally {
      for (const file of added) fs.rmSync(path.join(tree, file));
    }
  }

  it('the tree as it is passes every rule', async () => {
    const res = await cruise(['common', 'gateway', 'policies', 'schema', 'scripts', 'subgraphs']);
    expect([res.status, res.stdout]).toEqual([0, expect.stringContaining('no dependency violations found')]);
  });

  it('the ledger of the requests service imports no feature folder', async () => {
    const res = await cruise(['subgraphs/requests/ledger'], {
      'subgraphs/requests/rights/feature.ts': 'export const FEATURE = 1;\n',
      'subgraphs/requests/ledger/engine.ts':
        "import { FEATURE } from '../rights/feature';\nexport const n = FEATURE;\n",
    });
    expect(res.status).not.toBe(0);
    expect(res.stdout).toContain('ledger-knows-no-feature: subgraphs/requests/ledger/engine.ts');
  });

  it('no subgraph imports another, not even a type', async () => {
    const res = await cruise(['subgraphs/billing/peek.ts'], {
      'subgraphs/billing/peek.ts':
        "import type { SessionsContext } from '../sessions/sessions.loaders';\nexport type Peek = SessionsContext;\n",
    });
    expect(res.status).not.toBe(0);
    expect(res.stdout).toContain('subgraphs-are-separate: subgraphs/billing/peek.ts');
  });

  it('no import circle, here between two new files of common/', async () => {
    const res = await cruise(['common/circle-a.ts'], {
      'common/circle-a.ts': "import { b } from './circle-b';\nexport const a = (): number => b() + 1;\n",
      'common/circle-b.ts': "import { a } from './circle-a';\nexport const b = (): number => a() - 1;\n",
    });
    expect(res.status).not.toBe(0);
    expect(res.stdout).toContain('no-circular: common/circle-a.ts');
  });

  it('policies/ imports nothing of common/, and common/ nothing of a service', async () => {
    const policies = await cruise(['policies/leak.ts'], {
      'policies/leak.ts': "import { DAY_MS } from '../common/calendar-date';\nexport const leak = DAY_MS;\n",
    });
    expect(policies.stdout).toContain('policies-are-data: policies/leak.ts');
    const common = await cruise(['common/leak.ts'], {
      'common/leak.ts': "import { SUBGRAPHS } from '../subgraphs';\nexport const leak = SUBGRAPHS;\n",
    });
    expect(common.stdout).toContain('common-knows-no-service: common/leak.ts');
    expect(policies.status).not.toBe(0);
    expect(common.status).not.toBe(0);
  });

  it('only scripts/ runs the compose script, and schema/ loads no subgraph', async () => {
    const res = await cruise(['gateway/compose-leak.ts'], {
      'gateway/compose-leak.ts': "import { compose } from '../scripts/compose';\nexport const leak = compose;\n",
    });
    expect(res.status).not.toBe(0);
    expect(res.stdout).toContain('compose-is-a-script: gateway/compose-leak.ts');
    const schema = await cruise(['schema/leak.ts'], {
      'schema/leak.ts': "import { SUBGRAPHS } from '../subgraphs';\nexport const leak = SUBGRAPHS;\n",
    });
    expect(schema.status).not.toBe(0);
    expect(schema.stdout).toContain('schema-reads-files-only: schema/leak.ts');
  });

  it('no store sends its own SQL through the pool that allows multiple statements', async () => {
    const res = await cruise(['subgraphs/billing/billing.raw.ts'], {
      'subgraphs/billing/billing.raw.ts':
        "import { coalescedReadsOf } from '../../common/coalesced-reads';\nexport const raw = coalescedReadsOf;\n",
    });
    expect(res.status).not.toBe(0);
    expect(res.stdout).toContain('multi-statements-for-batch-reads-only: subgraphs/billing/billing.raw.ts');
  });
});
