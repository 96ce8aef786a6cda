import fs from 'node:fs';
import path from 'node:path';
import { PAGES } from '../../scripts/check-docs';
import { examplesOf } from '../../scripts/docs-examples';

const root = path.resolve(__dirname, '../..');
const fence = (info: string, ...lines: string[]) => ['```' + info, ...lines, '```'].join('\n');

describe('the examples of the README and docs/ (npm run docs:check)', () => {
  it('every page that shows a command or an operation is checked', () => {
    const pages = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).map((f) => `docs/${f}`)].filter(
      (page) => page.endsWith('.md') && /^```(sh|bash|graphql)\b/m.test(fs.readFileSync(path.join(root, page), 'utf8')),
    );
    expect(pages.filter((page) => !PAGES.includes(page))).toEqual([]);
  });

  it('every block of every page is run, or says why not', () => {
    const unexplained = PAGES.flatMap(
      (page) => examplesOf(page, fs.readFileSync(path.join(root, page), 'utf8')).shown,
    ).filter((s) => !s.reason);
    expect(unexplained).toEqual([]);
  });

  it('reads roles, expectations, placeholders and reasons from the blocks', () => {
    const text = [
      fence('graphql', '# as: dpo', '# <request id>: from eraseSubject above', 'query { a(id: "<request id>") { b } }'),
      fence('graphql', 'mutation { a(id: "<x>") }'),
      fence('sh no-run: needs Docker', 'docker compose up'),
      fence('sh no-run', 'rm -rf /'),
      fence('graphql', 'type PageInfo { hasNextPage: Boolean! }'),
      fence('bash', 'npm run token # expect: eyJ'),
      fence('text', 'not an example'),
    ].join('\n\n');
    const { examples, shown } = examplesOf('page.md', text);
    expect(examples.map((e) => [e.line, e.lang, e.role])).toEqual([
      [1, 'graphql', 'dpo'],
      [23, 'sh', null],
    ]);
    expect(examples[0].fills).toEqual([{ placeholder: '<request id>', field: 'eraseSubject' }]);
    // A graphql block without a role, and a no-run block without a reason, are reported without one.
    expect(shown).toEqual([
      { file: 'page.md', line: 7, reason: null },
      { file: 'page.md', line: 11, reason: 'needs Docker' },
      { file: 'page.md', line: 15, reason: null },
    ]);
  });
});
