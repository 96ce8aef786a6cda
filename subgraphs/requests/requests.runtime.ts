import type { DataSource } from 'typeorm';
import { startLoop } from '../../common/background-loop';
import { gatewayCallerFromEnv, type Background, type SubgraphRuntime } from '../../common/subgraph-server';
import { ContractClient } from './ledger/contract.client';
import { Fanout } from './ledger/fanout';
import { fanoutSettingsFromEnv, type FanoutSettings } from './ledger/ledger.settings';
import { HoldsService } from './holds/holds.service';
import { HoldsStore } from './holds/holds.store';
import { LedgerStore } from './ledger/ledger.store';
import { mailSettingsFromEnv } from './mail/mail.settings';
import { Notices } from './mail/notices';
import { OutboxStore } from './mail/outbox.store';
import { RightsService } from './rights/rights.service';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { runRetention } from '../../common/privacy-contract/retention.runner';
import type { LocalLeg } from './ledger/fanout';
import { requestsRetention } from './retention/own-records.retention';
import { RetentionService } from './retention/retention.service';
import { retentionSettingsFromEnv, type RetentionSettings } from './retention/retention.settings';
import { RetentionLedgerStore } from './retention/retention.store';
import { PackageBuilder } from './access-package/package.builder';
import { packageSettingsFromEnv } from './access-package/package.settings';
import { purgePackageFiles } from './access-package/package.files';
import { Watchdog } from './ledger/watchdog';

export interface Ledger {
  store: LedgerStore;
  fanout: Fanout;
  rights: RightsService;
  retention: RetentionService;
  holds: HoldsService;
  lifecycle: LifecycleService;
  watchdog: Watchdog;
}

const ledgers = new WeakMap<DataSource, Ledger>();

/** The ledger of this database, made once: requests and the worker share its fan-out. */
export function ledgerFor(
  ds: DataSource,
  runtime: SubgraphRuntime,
  settings: FanoutSettings = fanoutSettingsFromEnv(),
  retentionSettings: RetentionSettings = retentionSettingsFromEnv(),
): Ledger {
  let ledger = ledgers.get(ds);
  if (!ledger) {
    const store = new LedgerStore(ds);
    const client = new ContractClient(runtime.peers, runtime.internalKey, settings.callTimeoutMs);
    const notices = new Notices(
      new OutboxStore(ds),
      runtime.policy,
      mailSettingsFromEnv(runtime.dataDir).defaultLanguage,
    );
    // This service's own part of a sweep: the same runner as the data subgraphs' contract.
    const packageSettings = packageSettingsFromEnv(runtime.dataDir);
    const local: LocalLeg = async (runId, asOf, dryRun) => {
      const receipt = await runRetention('requests', ds, runtime.policy, requestsRetention, runId, asOf, dryRun);
      // The files of the packages the sweep marked deleted, once that is committed.
      if (!dryRun) await purgePackageFiles(ds, packageSettings);
      return receipt;
    };
    const packages = new PackageBuilder(runtime.gateway ?? gatewayCallerFromEnv(), runtime.policy, packageSettings);
    const holds = new HoldsStore(ds);
    const fanout = new Fanout(store, client, settings, notices, local, holds, packages);
    const rights = new RightsService(store, fanout, client, runtime.policy, notices);
    const lifecycle = new LifecycleService(store, rights, runtime.policy, client, notices);
    // What a completed request schedules, and what is due before each sweep (the sweep is the clock).
    fanout.onCompleted = (request) => lifecycle.completed(request);
    const retention = new RetentionService(
      store,
      fanout,
      client,
      local,
      retentionSettings,
      new RetentionLedgerStore(ds),
    );
    retention.beforeSweep = (asOf) => lifecycle.due(asOf);
    ledger = {
      store,
      fanout,
      rights,
      retention,
      lifecycle,
      holds: new HoldsService(store, holds, fanout, client, runtime.policy),
      watchdog: new Watchdog(store, settings),
    };
    ledgers.set(ds, ledger);
  }
  return ledger;
}

/** The ledger the service running on this database made, if it has (tests and the bench drive its worker). */
export function runningLedger(ds: DataSource): Ledger | undefined {
  return ledgers.get(ds);
}

/**
 * The retry worker: every `workerIntervalMs`, the legs that are due. Its first pass runs at
 * start, so that a restarted service picks up at once what the previous one left pending.
 */
export function startWorker(ledger: Ledger): Background {
  return startLoop(
    'worker',
    ledger.fanout.settings.workerIntervalMs,
    () => ledger.fanout.tick(),
    () => ledger.fanout.drain(),
  );
}
