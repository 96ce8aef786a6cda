import { randomUUID } from 'node:crypto';
import { packageBuilds } from '../../../common/metrics';
import fs from 'node:fs';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import type { PrivacyReceipt } from '../../../common/privacy-contract/receipt';
import { ReceiptOutcome } from '../../../common/privacy-contract/receipt';
import type { GatewayCaller } from '../../../common/peers';
import type { PrivacyPolicy } from '../../../policies';
import { writeAccessPackage } from '../../../schema/access-package';
import { buildSubjectExport, type Json } from '../../../schema/subject-export';
import { exportQuery, readSupergraphSdl, supergraphSchema } from '../../../schema/supergraph';
import { ContractError } from '../ledger/contract.client';
import { packagePath, type PackageSettings } from './package.settings';
import type { SubjectRecords } from './subject-records';

/** Who the worker is in the gateway's access log: export tooling acting on a ledger request. */
export const PACKAGE_WORKER_SUB = 'requests:access-package';

interface ExportAnswer {
  data?: { subject?: Json } | null;
  errors?: Array<{ extensions?: { code?: string } }>;
}

/**
 * Builds the package of an ACCESS or PORTABILITY request: the generated export query through the
 * gateway (the one path personal data leaves the subgraphs by, decision 97), as `service`, then
 * the zip into a temporary file renamed to `<request id>.zip` only once complete. A partial
 * answer (a subgraph down) is a retryable failure: the leg stays pending and nothing is stored.
 */
export class PackageBuilder {
  private supergraph?: { sdl: string; schema: GraphQLSchema; query: string };

  constructor(
    private readonly gateway: GatewayCaller,
    private readonly policy: PrivacyPolicy,
    readonly settings: PackageSettings,
    /** What this service keeps about the subject beside the export (the whole copy); not in a portable package. */
    private readonly records?: SubjectRecords,
  ) {}

  /** Whether a dpo must approve each package before release (the policy's accessReview). */
  get reviewFirst(): boolean {
    return this.policy.accessReview === true;
  }

  async build(requestId: string, subjectId: string, portable: boolean, now: Date): Promise<PrivacyReceipt> {
    const { sdl, schema, query } = this.schema();
    const data = await this.fetchExport(subjectId, query);
    const exported = buildSubjectExport(schema, this.policy, subjectId, data, now);
    const records = portable || !this.records ? null : await this.records.of(subjectId);
    await fs.promises.mkdir(this.settings.dir, { recursive: true });
    const final = packagePath(this.settings, requestId);
    const partial = path.join(this.settings.dir, `.${requestId}.${randomUUID()}.part`);
    try {
      await writeAccessPackage(
        exported,
        {
          schema,
          supergraphSdl: sdl,
          policy: this.policy,
          portable,
          requestId,
          madeAt: now,
          query,
          timeZone: this.settings.link.timeZone,
          records,
        },
        fs.createWriteStream(partial, { mode: 0o600 }),
      );
      // Nothing partial is ever visible under the package's name: a crash leaves a .part file.
      await fs.promises.rename(partial, final);
      packageBuilds.inc({ outcome: 'built' });
    } catch (error) {
      packageBuilds.inc({ outcome: 'failed' });
      await fs.promises.rm(partial, { force: true });
      throw error;
    }
    return {
      subgraph: 'requests',
      operation: portable ? 'portable-package' : 'access-package',
      requestId,
      outcome: ReceiptOutcome.APPLIED,
      at: now,
      entities: [],
      recipients: [],
      carriesOut: [],
    };
  }

  private schema(): { sdl: string; schema: GraphQLSchema; query: string } {
    if (!this.supergraph) {
      const sdl = readSupergraphSdl();
      const schema = supergraphSchema(sdl);
      this.supergraph = { sdl, schema, query: exportQuery(schema) };
    }
    return this.supergraph;
  }

  private async fetchExport(subjectId: string, query: string): Promise<Json> {
    const token = await this.gateway.token({ sub: PACKAGE_WORKER_SUB, roles: ['service'] });
    let answer: ExportAnswer;
    try {
      const res = await fetch(this.gateway.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { id: subjectId } }),
        signal: AbortSignal.timeout(this.settings.exportTimeoutMs),
      });
      answer = (await res.json()) as ExportAnswer;
    } catch {
      throw new ContractError('the gateway did not answer the export query', true, 'SUBGRAPH_UNAVAILABLE');
    }
    if (answer.errors?.length) {
      // The subject is owed all of it: a partial export is retried, never delivered.
      const codes = [...new Set(answer.errors.map((e) => e.extensions?.code ?? 'ERROR'))].join(', ');
      throw new ContractError(`the export was incomplete (${codes})`, true, 'SUBGRAPH_UNAVAILABLE');
    }
    const data = answer.data?.subject;
    if (!data) throw new ContractError('the subject no longer exists', false, 'NOT_FOUND');
    return data;
  }
}
