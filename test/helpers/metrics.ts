/** A scrape of `/metrics`, read the way Prometheus reads it: one sample per line. */
export interface Scrape {
  /** The value of the sample `name` whose labels include `labels` (summed when several match). */
  value(name: string, labels?: Record<string, string>): number;
  names(): Set<string>;
  text: string;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseMetrics(text: string): Scrape {
  const samples = text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .flatMap((line) => {
      const m = SAMPLE.exec(line);
      if (!m) return [];
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(LABEL)].map((l) => [l[1], l[2]]));
      return [{ name: m[1], labels, value: Number(m[3]) }];
    });
  return {
    text,
    names: () => new Set(samples.map((s) => s.name)),
    value: (name, labels = {}) =>
      samples
        .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((sum, s) => sum + s.value, 0),
  };
}

export async function scrape(baseUrl: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const res = await fetch(`${baseUrl}/metrics`, { headers });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return parseMetrics(await res.text());
}
