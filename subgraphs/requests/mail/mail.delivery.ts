import fs from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { log } from '../../../common/log';
import { startLoop } from '../../../common/background-loop';
import type { Background, SubgraphRuntime } from '../../../common/subgraph-server';
import type { OutboxMessageEntity } from './entities/outbox-message.entity';
import { retryDelay } from '../ledger/retry';
import { mailSettingsFromEnv, type MailSettings } from './mail.settings';
import { mailTransport, type MailTransport } from './mail.transport';
import { OutboxStore } from './outbox.store';
import { signUnsubscribe, unsubscribeKey } from './unsubscribe.token';
import { gatewayCallerFromEnv } from '../../../common/peers';

/** How the one-click unsubscribe links are made: their key, and the public address they point at. */
export interface UnsubscribeLinks {
  key: Uint8Array;
  base: () => string;
}

/**
 * Sends the outbox. A message is claimed (an UPDATE only one worker wins, with a lease), sent,
 * and marked SENT in the step right after the transport's answer; a failure leaves it PENDING
 * with its error and the next attempt (2 s, 4 s, 8 s... up to 5 min), and after
 * `maxAttempts` it is FAILED, for a dpo to see in `outboxMessages` and retry (at once when the
 * server refuses it for good: a 5xx reply). The one window
 * left, a crash between the server's acceptance and that step, sends it again with the same
 * Message-ID (the outbox id), which the receiving side can recognise.
 */
export class MailDelivery {
  constructor(
    private readonly store: OutboxStore,
    private readonly transport: MailTransport,
    readonly settings: MailSettings,
    private readonly unsubscribe?: UnsubscribeLinks,
  ) {}

  close(): void {
    this.transport.close();
  }

  /** One pass: the messages due now, one after another (mail is not in a hurry; a server is spared). */
  async tick(limit = 20): Promise<void> {
    for (const id of await this.store.dueIds(new Date(), limit)) await this.attempt(id);
  }

  private async attempt(id: string): Promise<void> {
    const now = new Date();
    // Connect, greet, then the data: each may take up to the timeout.
    const leaseUntil = new Date(now.getTime() + 3 * this.settings.sendTimeoutMs + 5000);
    if (!(await this.store.claim(id, now, leaseUntil))) return;
    const message = await this.store.message(id);
    if (!message) return;
    let provider: string;
    try {
      provider = await this.transport.send({
        id: message.id,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
        language: message.language,
        unsubscribeUrl: await this.unsubscribeUrl(message),
      });
    } catch (error) {
      const failure = this.failure(message, error);
      log().warn(
        { requestId: message.requestId ?? undefined, kind: message.kind, status: failure.status },
        'mail not sent',
      );
      await this.store.record(id, failure);
      return;
    }
    log().info({ requestId: message.requestId ?? undefined, kind: message.kind }, 'mail sent');
    // Written as a file, the message to an erased subject (the erasure's outcome) is delivered
    // and not kept: no copy of their values outlives the erasure (O12, V19). Before SENT, so that
    // a message no longer pending has its final state on disk.
    if (!this.settings.smtpUrl && message.subjectId && (await this.store.subjectErased(message.subjectId)))
      await fs.rm(path.join(this.settings.dir, `${id}.eml`), { force: true });
    await this.store.record(id, { status: 'SENT', sentAt: new Date(), providerMessageId: provider, lastError: null });
  }

  /**
   * Every message to a subject's address on file carries the one-click link that withdraws
   * MARKETING (the code sent to a new address is not to them yet). Transactional mail itself
   * keeps going after it (V17).
   */
  private async unsubscribeUrl(message: OutboxMessageEntity): Promise<string | undefined> {
    if (!this.unsubscribe || !message.subjectId || message.kind === 'EMAIL_CONFIRMATION') return undefined;
    const token = await signUnsubscribe(this.unsubscribe.key, { subjectId: message.subjectId, messageId: message.id });
    return `${this.unsubscribe.base()}/unsubscribe/${token}`;
  }

  private failure(message: OutboxMessageEntity, error: unknown): Partial<OutboxMessageEntity> {
    // A 5xx reply (no such mailbox, refused) will be the same next time: FAILED at once, for a dpo.
    const giveUp = isPermanent(error) || message.attempts >= this.settings.maxAttempts;
    return {
      status: giveUp ? 'FAILED' : 'PENDING',
      lastError: describeFailure(error),
      nextAttemptAt: new Date(Date.now() + (giveUp ? 0 : retryDelay(this.settings, message.attempts))),
    };
  }
}

/** The server answered with a permanent refusal (SMTP 5xx): retrying cannot change it. */
export function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * What a dpo reads on a message that did not go: nodemailer's error code, the server's reply
 * code and its message, with any address in it replaced (a refusal may quote the recipient).
 */
export function describeFailure(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  const reply = typeof e.responseCode === 'number' ? ` ${e.responseCode}` : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  return `${code}${reply}: ${message.replace(/\S+@\S+/g, '<address>')}`.slice(0, 300);
}

const deliveries = new WeakMap<DataSource, MailDelivery>();

/** The delivery of this database, made once (the settings are read then). */
export function deliveryFor(ds: DataSource, runtime: SubgraphRuntime): MailDelivery {
  let delivery = deliveries.get(ds);
  if (!delivery) {
    const settings = mailSettingsFromEnv(runtime.dataDir);
    const gateway = runtime.gateway ?? gatewayCallerFromEnv();
    delivery = new MailDelivery(new OutboxStore(ds), mailTransport(settings), settings, {
      key: unsubscribeKey(runtime.internalKey),
      base: () => gateway.url().replace(/\/graphql$/, ''),
    });
    deliveries.set(ds, delivery);
  }
  return delivery;
}

/**
 * The delivery worker: every `workerIntervalMs`, what is due. Its first pass runs at start, so
 * that what a stopped service left pending goes at once. Its SQL is nobody's request (uncounted).
 */
export function startDelivery(delivery: MailDelivery): Background {
  return startLoop(
    'mail',
    delivery.settings.workerIntervalMs,
    () => delivery.tick(),
    () => delivery.close(),
  );
}
