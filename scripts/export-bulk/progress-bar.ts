/** How far a bulk export is, with its rate and the time left, on standard error. */
export class ProgressBar {
  private lastDrawn = 0;
  private readonly started = Date.now();

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly total: number,
    private readonly startedAt: number,
  ) {}

  /** On a terminal, redrawn in place; in a log, a line every 10 s and at the end. */
  draw(done: number, note = '', force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDrawn < (this.out.isTTY ? 200 : 10_000)) return;
    this.lastDrawn = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? (done - this.startedAt) / seconds : 0;
    const left = rate > 0 ? (this.total - done) / rate : Infinity;
    const share = this.total ? done / this.total : 1;
    const width = 24;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    const text = `[${bar}] ${done}/${this.total} subjects, ${rate.toFixed(1)}/s, ${
      Number.isFinite(left) ? `${formatSeconds(left)} left` : 'time left unknown'
    }${note ? `, ${note}` : ''}`;
    this.out.write(this.out.isTTY ? `\r${text}\x1b[K` : `${text}\n`);
  }

  end(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}

function formatSeconds(s: number): string {
  const total = Math.ceil(s);
  const m = Math.floor(total / 60);
  return m > 0 ? `${m} min ${String(total % 60).padStart(2, '0')} s` : `${total} s`;
}
