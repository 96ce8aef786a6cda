import { uncounted } from './sql-counter';
import type { Background } from './subgraph-server';
import { log } from './log';

/**
 * Work a service repeats on its own (the ledger's retry worker, mail delivery, the retention
 * schedule): a first pass at once, so that what a stopped service left due goes now, then the
 * next `intervalMs` after each pass ends, never two passes at once. Its SQL is nobody's request
 * (uncounted); an error is logged under `name` and the loop goes on. `stop()` lets the pass under
 * way finish, then runs `onStop`.
 */
export function startLoop(
  name: string,
  intervalMs: number,
  pass: () => Promise<unknown>,
  onStop: () => Promise<void> | void = () => undefined,
): Background {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const run = () => {
    if (stopped) return;
    current = uncounted(pass).catch((error: unknown) => {
      log().error({ loop: name, err: error }, `[${name}] pass failed`);
    });
    void current.finally(() => {
      if (!stopped) timer = setTimeout(run, intervalMs);
    });
  };
  let timer: NodeJS.Timeout = setTimeout(run, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      await onStop();
    },
  };
}
