/**
 * How many rows the next window of a sweep's step takes (decision 328). A window's rows bound
 * what its statements read (decision 268), but not how long they take: the same thousand rows,
 * each looked up in six activity indexes, took 39 ms at 2,000 subjects and 84 ms at 200,000
 * (deeper indexes and colder caches, likely). So, as Percona's online tools size their chunks
 * (`--chunk-time`), the window follows a time: each step starts small, and after each window
 * the next is sized so that it should take `chunkMs` at the rows' cost so far, at most twice the
 * last and never more than `chunkRows`. The statements then last about as long at any table size.
 */

/** What a sweep's windows are held to. */
export interface WindowSizing {
  /** The most rows of its table one window (so one statement) reads, and one transaction changes. */
  chunkRows: number;
  /** The time one window's statements together should take, in ms; null: every window is `chunkRows` rows. */
  chunkMs: number | null;
  /** Milliseconds from any origin (`performance.now` unless told): what a window took; a test moves it. */
  clock?: () => number;
}

/** A step's first window: small, so a slow table's first statement is short too; then it doubles while quick. */
export const FIRST_WINDOW_ROWS = 100;
/** The fewest rows a window takes: one slow window (a lock waited for) does not make the next a crawl. */
export const FEWEST_WINDOW_ROWS = 10;

const now = (): number => performance.now();

/** The size of a step's windows, one after another. */
export class WindowRows {
  private size: number;
  private perRowMs: number | null = null;

  constructor(private readonly sizing: WindowSizing) {
    this.size = sizing.chunkMs === null ? sizing.chunkRows : Math.min(sizing.chunkRows, FIRST_WINDOW_ROWS);
  }

  /** Runs one window of the current size, timed; the next window is sized by what it took. */
  async timed<T>(work: (rows: number) => Promise<T>): Promise<T> {
    const clock = this.sizing.clock ?? now;
    const started = clock();
    const result = await work(this.size);
    this.took(clock() - started);
    return result;
  }

  private took(ms: number): void {
    const target = this.sizing.chunkMs;
    if (target === null) return;
    // The time a row costs, averaged over the windows (as pt-table-checksum weighs its rate) but
    // never below the last window's: slower rows shrink the next window at once, quicker ones
    // grow it by halves. A table's rows do not all cost the same (a due subject's are looked up
    // in every activity table, an active one's stop at the first), so one quick window is not
    // taken at its word.
    const perRow = ms / this.size;
    this.perRowMs = this.perRowMs === null ? perRow : Math.max(perRow, (this.perRowMs + perRow) / 2);
    const fits = this.perRowMs > 0 ? Math.floor(target / this.perRowMs) : Number.POSITIVE_INFINITY;
    const fewest = Math.min(FEWEST_WINDOW_ROWS, this.sizing.chunkRows);
    this.size = Math.max(fewest, Math.min(this.sizing.chunkRows, this.size * 2, fits));
  }
}

/** Windows one transaction of a step goes through at most while they change nothing (decision 268). */
export const WINDOWS_PER_TRANSACTION = 10;

/** A step's sum grew: a write's window changed rows (a count's too: that only costs a commit). */
export function changedRows<A>(before: A, after: A): boolean {
  return typeof before === 'number' && typeof after === 'number' && after !== before;
}
