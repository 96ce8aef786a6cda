/**
 * The examples of a documentation page, as `npm run docs:check` (check-docs.ts) reads them: the
 * fenced blocks it runs, with their role, expectations and placeholders, and those it only shows,
 * with the reason the fence gives. The format is described in docs/tests.md.
 */
import { Kind, parse } from 'graphql';

export interface Example {
  file: string;
  line: number;
  lang: 'graphql' | 'sh';
  code: string;
  role: string | null;
  expect: string[];
  /** `# <placeholder>: from <field> above`: the placeholder is the `id` the last answer of `field` gave. */
  fills: Array<{ placeholder: string; field: string }>;
}

/** A block shown and not run, with the reason its fence gives (` ```sh no-run: needs Docker `). */
export interface Shown {
  file: string;
  line: number;
  reason: string | null;
}

/** Blocks of these languages are examples: each is run, or says why not. */
const EXAMPLE_LANGS = new Set(['graphql', 'sh', 'bash']);

/** A graphql block that only declares types (a schema excerpt) is documentation, not an example. */
function declaresOnly(code: string): boolean {
  try {
    return parse(code).definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
}

/**
 * The examples of a page: graphql blocks with `# as: <role>`, sh blocks; and the blocks shown
 * only, each with the reason written after `no-run` (a block with none is reported, and fails).
 */
export function examplesOf(file: string, text: string): { examples: Example[]; shown: Shown[] } {
  const examples: Example[] = [];
  const shown: Shown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    const body = lines.slice(i + 1, end < 0 ? lines.length : end);
    const [fence, flags] = [open[1], open[2]];
    const lang = fence === 'bash' ? 'sh' : fence;
    const code = body.join('\n');
    const role = /^#\s*as:\s*(\w+)/.exec(body[0] ?? '')?.[1] ?? null;
    const noRun = /^no-run\b[:\s]*(.*)$/.exec(flags.trim());
    i = end < 0 ? lines.length : end;
    if (!EXAMPLE_LANGS.has(fence)) continue;
    if (noRun) {
      shown.push({ file, line: i - body.length, reason: noRun[1].trim() || null });
      continue;
    }
    if (lang === 'graphql' && declaresOnly(code)) continue;
    if (lang === 'graphql' && !role) {
      shown.push({ file, line: i - body.length, reason: null });
      continue;
    }
    const expect = body.map((l) => /^#\s*expect:\s*(.+)$/.exec(l)?.[1].trim()).filter((e): e is string => !!e);
    const fills = body.flatMap((l) => {
      const m = /^#\s*(<[^>]+>):\s*from\s+(\w+)\s+above/.exec(l);
      return m ? [{ placeholder: m[1], field: m[2] }] : [];
    });
    examples.push({ file, line: i - body.length, lang: lang as 'graphql' | 'sh', code, role, expect, fills });
  }
  return { examples, shown };
}
