import type { DataSource } from 'typeorm';
import { startLoop } from '../../common/background-loop';
import { runRetention } from '../../common/privacy-contract/retention.runner';
import { type Background, type SubgraphRuntime } from '../../common/subgraph-server';
import { gatewayCallerFromEnv } from '../../common/peers';
import { registerAccess } from './access-package/access.types';
import { ExportApproval } from './access-package/approval';
import { PackageBuilder } from './access-package/package.builder';
import { purgePackageFiles } from './access-package/package.files';
import { packageSettingsFromEnv } from './access-package/package.settings';
import { linkKey } from './access-package/package.link';
import { SubjectRecords } from './access-package/subject-records';
import { registerBreaches } from './breaches/breaches.types';
import { registerDisclosures } from './disclosures/disclosures.types';
import { HoldsService } from './holds/holds.service';
import { HoldsStore } from './holds/holds.store';
import { registerHolds } from './holds/holds.types';
import { RequestActions } from './ledger/actions';
import { ContractClient } from './ledger/contract.client';
import { Ledger } from './ledger/ledger';
import { fanoutSettingsFromEnv, type FanoutSettings } from './ledger/ledger.settings';
import { Lifecycle } from './lifecycle/lifecycle';
import { LifecycleStore } from './lifecycle/lifecycle.store';
import { registerLifecycle } from './lifecycle/lifecycle.types';
import { mailListener } from './mail/mail.listener';
import { mailSettingsFromEnv } from './mail/mail.settings';
import { Notices } from './mail/notices';
import { OutboxStore } from './mail/outbox.store';
import { requestsRetention } from './retention/own-records.retention';
import { RetentionService } from './retention/retention.service';
import { retentionSettingsFromEnv, type RetentionSettings } from './retention/retention.settings';
import { RetentionLedgerStore } from './retention/retention.store';
import { registerRetention, type OwnRecordsLeg } from './retention/retention.types';
import { EmailConfirmation } from './rights/email-confirmation';
import { ErasurePreview } from './rights/erasure-preview';
import { registerRights } from './rights/rights.types';
import { ArchivedCorrections } from './archived/archived-corrections';
import { registerArchivedCorrections } from './archived/archived.types';
import { Submissions } from './rights/submission';
import { ErasureReplay } from './rights/replay';
import { ObjectionDecisions } from './rights/objection.examination';
import type { RightsContext } from './rights/rights.context';
import { erasedCopies } from './rights/erased-copies';
import { purgeMailFiles } from './mail/mail.files';

/** The ledger of the `requests` service and the features registered on it: what its resolvers and loops use. */
export interface RequestsRuntime {
  ledger: Ledger;
  /** The ledger's worker (`ledger.fanout`), named here for the tests and the bench that drive it. */
  fanout: Ledger['fanout'];
  actions: RequestActions;
  rights: RightsContext['rights'];
  exports: { submit: Submissions['submit']; approval: ExportApproval };
  retention: RetentionService;
  holds: HoldsService;
  lifecycle: Lifecycle;
  outbox: OutboxStore;
}

const runtimes = new WeakMap<DataSource, RequestsRuntime>();

/**
 * The composition root: the engine, then each feature registering its request types, gates and
 * listeners on it, each given what it needs (nothing is patched in after construction). Made
 * once per database: requests and the worker share it. Every request's context asks for it, so
 * the settings are read from the environment only when it is made, not at each call.
 */
export function ledgerFor(
  ds: DataSource,
  runtime: SubgraphRuntime,
  settings?: FanoutSettings,
  retentionSettings?: RetentionSettings,
): RequestsRuntime {
  let made = runtimes.get(ds);
  if (!made) {
    made = compose(ds, runtime, settings ?? fanoutSettingsFromEnv(), retentionSettings ?? retentionSettingsFromEnv());
    runtimes.set(ds, made);
  }
  return made;
}

function compose(
  ds: DataSource,
  runtime: SubgraphRuntime,
  settings: FanoutSettings,
  retentionSettings: RetentionSettings,
): RequestsRuntime {
  const { policy } = runtime;
  const ledger = new Ledger(ds, settings);
  const client = new ContractClient(runtime.peers, runtime.internalKey, settings.callTimeoutMs);
  const outbox = new OutboxStore(ds);
  const mail = mailSettingsFromEnv(runtime.dataDir);
  const notices = new Notices(outbox, policy, mail.defaultLanguage, mail.dpo);
  ledger.types.listen(mailListener(notices));

  const submissions = new Submissions(ledger, client, policy, notices);
  const submit = (s: Parameters<Submissions['submit']>[0]) => submissions.submit(s);
  registerRights(ledger, client);
  registerArchivedCorrections(ledger, client);

  const packageSettings = packageSettingsFromEnv(runtime.dataDir);
  const records = new SubjectRecords(ds);
  const packages = new PackageBuilder(runtime.gateway ?? gatewayCallerFromEnv(), policy, packageSettings, records);
  const release = registerAccess(ledger, packages, notices, linkKey(runtime.internalKey));
  const mailDir = mailSettingsFromEnv(runtime.dataDir).dir;
  ledger.types.listen(erasedCopies(ds, packageSettings, mailDir));
  registerDisclosures(ledger, notices, records);
  registerBreaches(ledger, notices, records);

  const holdsStore = new HoldsStore(ds);
  registerHolds(ledger, client, holdsStore);

  const lifecycleDeps = { ledger, store: new LifecycleStore(ds), submit, policy, client, notices };
  const lifecycle = new Lifecycle(lifecycleDeps);
  registerLifecycle(lifecycleDeps, client);

  // This service's own part of a sweep: the same runner as the data subgraphs' contract.
  const own: OwnRecordsLeg = async (runId, asOf, dryRun) => {
    const receipt = await runRetention(
      {
        subgraph: 'requests',
        ds,
        policy,
        handler: requestsRetention,
        runId,
        asOf,
        dryRun,
      },
      runtime.retention,
    );
    // The files of the packages the sweep marked deleted, once that is committed.
    if (!dryRun) {
      await purgePackageFiles(ds, packageSettings);
      await purgeMailFiles(ds, mailDir);
    }
    return receipt;
  };
  registerRetention(ledger, client, own);
  const retention = new RetentionService(
    ledger,
    client,
    own,
    retentionSettings,
    new RetentionLedgerStore(ds),
    (asOf) => lifecycle.dueCounted(asOf),
    policy.effectiveDate,
  );

  return {
    ledger,
    fanout: ledger.fanout,
    actions: new RequestActions(ledger, policy),
    rights: {
      submissions,
      confirmation: new EmailConfirmation(ledger),
      preview: new ErasurePreview(ledger, submissions, client, policy),
      replay: new ErasureReplay(ds, client),
      objections: new ObjectionDecisions(ledger, policy),
      archived: new ArchivedCorrections(submissions, client),
    },
    exports: { submit, approval: new ExportApproval(ledger, release) },
    retention,
    holds: new HoldsService(ledger, holdsStore, client, policy),
    lifecycle,
    outbox,
  };
}

/** The runtime the service running on this database made, if it has (tests and the bench drive its worker). */
export function runningLedger(ds: DataSource): RequestsRuntime | undefined {
  return runtimes.get(ds);
}

/**
 * The retry worker: every `workerIntervalMs`, the legs that are due. Its first pass runs at
 * start, so that a restarted service picks up at once what the previous one left pending.
 */
export function startWorker(made: RequestsRuntime): Background {
  return startLoop(
    'worker',
    made.ledger.settings.workerIntervalMs,
    () => made.fanout.tick(),
    () => made.fanout.drain(),
  );
}
