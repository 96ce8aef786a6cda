import fs from 'node:fs';

/** A section of docs/benchmarks.md that a command of its own measures, between two markers. */
export interface Section {
  start: string;
  end: string;
}

export const BULK: Section = { start: '<!-- bulk-export:start -->', end: '<!-- bulk-export:end -->' };
export const WORKER: Section = { start: '<!-- worker:start -->', end: '<!-- worker:end -->' };
export const SCALE: Section = { start: '<!-- scale:start -->', end: '<!-- scale:end -->' };
export const THROUGHPUT: Section = { start: '<!-- throughput:start -->', end: '<!-- throughput:end -->' };

/** Replaces the section in `file` (or appends it): the rest of the file is left as it was measured. */
export function writeSection(file: string, section: Section, text: string): void {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = current.indexOf(section.start);
  const end = current.indexOf(section.end);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + text + current.slice(end + section.end.length)
      : `${current.trimEnd()}\n\n${text}\n`;
  fs.writeFileSync(file, next);
}

/** The sections of `file` measured by their own commands, as they are, to be kept by a full rewrite. */
export function keptSections(file: string, sections: readonly Section[]): string {
  if (!fs.existsSync(file)) return '';
  const text = fs.readFileSync(file, 'utf8');
  return sections
    .map((s) => {
      const start = text.indexOf(s.start);
      const end = text.indexOf(s.end);
      return start >= 0 && end > start ? `\n${text.slice(start, end + s.end.length)}\n` : '';
    })
    .join('');
}
