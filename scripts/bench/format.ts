/** How numbers appear in the report and on the console, so both say the same thing the same way. */

export const ms = (v: number): string => v.toFixed(v < 10 ? 2 : 1);
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;
export const size = (bytes: number): string =>
  `${Math.round(bytes).toLocaleString('en-US')} B (${bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(2)} MiB`})`;
export const pct = (part: number, whole: number): string => `${Math.round((100 * part) / whole)} %`;
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
