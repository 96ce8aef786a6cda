import { flushTracing } from './tracing';
/**
 * A graceful stop on SIGTERM (what `docker compose stop` and Kubernetes send) and SIGINT
 * (Ctrl-C): `/ready` answers 503 at once; after SHUTDOWN_DELAY_MS (0 by default: a load balancer
 * that polls `/ready` needs a few seconds to stop sending, so set it there) the service stops
 * accepting connections, gives requests under way up to SHUTDOWN_GRACE_MS to finish, stops its
 * background loops (a pass under way ends first), and closes its pools. A second signal, or a
 * stop that overruns its budget, ends the process at once: the ledger is built to survive that.
 */
import { positiveIntegerSettings } from './config';
import { reasonOf } from './readiness';
import { log } from './log';

export interface ShutdownSettings {
  /** How long `/ready` says 503 before the service stops accepting connections. */
  delayMs: number;
  /** How long requests under way have to finish; as long again for background work and pools. */
  graceMs: number;
}

/** What a signal stops: a service, or `npm start`'s whole stack. */
export interface Stoppable {
  markStopping(): void;
  stop(graceMs: number): Promise<void>;
}

/**
 * SHUTDOWN_DELAY_MS (default 0) and SHUTDOWN_GRACE_MS (default 10000: the gateway's deadline for
 * one subgraph call, so a request under way is not cut short by the stop).
 */
export function shutdownSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ShutdownSettings {
  const { graceMs } = positiveIntegerSettings(env, { graceMs: 'SHUTDOWN_GRACE_MS' }, { graceMs: 10_000 });
  const rawDelay = env.SHUTDOWN_DELAY_MS?.trim();
  if (rawDelay !== undefined && rawDelay !== '' && !/^\d{1,9}$/.test(rawDelay))
    throw new Error(`SHUTDOWN_DELAY_MS must be a whole number of milliseconds (0 or more), not "${rawDelay}"`);
  return { delayMs: rawDelay ? Number(rawDelay) : 0, graceMs };
}

/** Installs the handlers; `name` prefixes the lines written (no value of the service's data). */
export function stopOnSignals(name: string, target: Stoppable, settings: ShutdownSettings): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log().warn(`${name}: second ${signal}, exiting now`);
      process.exit(1);
    }
    stopping = true;
    target.markStopping();
    log().info(`${name}: ${signal}, stopping (not ready; draining for up to ${settings.graceMs} ms)`);
    const budget = settings.delayMs + 2 * settings.graceMs;
    setTimeout(() => {
      log().error(`${name}: not stopped within ${budget} ms, exiting`);
      process.exit(1);
    }, budget).unref();
    void new Promise((resolve) => setTimeout(resolve, settings.delayMs))
      .then(() => target.stop(settings.graceMs))
      .then(
        async () => {
          log().info(`${name}: stopped`);
          await flushTracing();
          process.exit(0);
        },
        (error: unknown) => {
          log().error(`${name}: stop failed (${reasonOf(error)})`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
