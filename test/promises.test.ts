/**
 * docs/promises.md is the table `npm run promises -- --write` makes from ../shared/PROMISES.md
 * and the test titles: stale, this fails and says how to regenerate it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { holders, promisesFile, promisesPage, promisesTable, readPromises } from '../scripts/promises';

const root = path.join(__dirname, '..');
const call = (fn: string, title: string) => `${fn}(${title}, () => {});`;

describe('promises traceable', () => {
  it('docs/promises.md is current (regenerate it with npm run promises -- --write)', () => {
    const page = fs.readFileSync(promisesPage(root), 'utf8');
    expect(page).toBe(promisesTable(root));
  });

  it('lists every id of ../shared/PROMISES.md once', () => {
    const ids = readPromises(promisesFile(root)).map((p) => p.id);
    expect(ids.length).toBeGreaterThan(60);
    expect(new Set(ids).size).toBe(ids.length);
    const page = fs.readFileSync(promisesPage(root), 'utf8');
    for (const id of ids) expect([id, page.includes(`\n| ${id} | `)]).toEqual([id, true]);
  });

  it('counts a title that starts with literal ids, and not one built from a template or naming an id later', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-promises-'));
    try {
      fs.mkdirSync(path.join(dir, 'test', 'unit'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'test', 'unit', 'a.test.ts'),
        [
          // Written as calls here so that this file's own scan does not count them.
          call('it', "'O9, V8: exports every listed subject'"),
          call('it.each([1, 2])', '`V29 V14: support and billing ${0}`'),
          call('describe', "'O12: an erasure'"),
          call('it', '`${policy}: a template`'),
          call('it', "'keeps O17 for seven years'"),
        ].join('\n'),
      );
      const found = holders(dir);
      expect([...found.keys()].sort()).toEqual(['O12', 'O9', 'V14', 'V29', 'V8']);
      expect(found.get('V8')).toEqual([{ file: 'test/unit/a.test.ts', title: 'O9, V8: exports every listed subject' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
