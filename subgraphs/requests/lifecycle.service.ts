import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Principal } from '../../common/access';
import { addDuration, isoDate, subtractDuration } from '../../common/duration';
import type { PrivacyPolicy } from '../../policies';
import { appendAudit } from './audit.store';
import type { ContractClient, SubjectActivity } from './contract.client';
import { LIVE_INACTIVITY, type RightsRequestEntity } from './entities/rights-request.entity';
import type { LedgerStore } from './ledger.store';
import { languageOf } from './mail.templates';
import type { Notices } from './notices';
import { parseDetails } from './request-details';
import type { RightsService } from './rights.service';

/** Who submits what the account's life schedules, in the ledger and the audit log. */
export const LIFECYCLE_ACTOR = 'lifecycle';
const LIFECYCLE: Principal = { sub: LIFECYCLE_ACTOR, roles: [] };

/** What one pass of the lifecycle scheduled as of a day: the erasures it submitted. */
export interface LifecyclePass {
  erasures: string[];
  /** Inactivity warnings sent, and cancelled by a login since. */
  warned: string[];
  cancelled: string[];
}

const dayStart = (date: string): Date => new Date(`${date}T00:00:00Z`);
const nextDay = (date: string): Date => new Date(dayStart(date).getTime() + 86_400_000);

/**
 * The account's life as the policy tells it (DESIGN.md, "Time"): events that schedule ordinary
 * requests, never a second deletion path. A closure is a CLOSURE request (every subgraph records
 * it, profile marks the account CLOSED); the erasure it schedules is an ordinary ERASURE,
 * submitted when the closure completes if the policy says "at once" (veloraqenvi), otherwise by
 * the first sweep on or after the closure's day plus `policy.closure.eraseAfter` (ophelantyra).
 * The sweep also catches up an erasure a crash made the completion miss.
 */
export class LifecycleService {
  constructor(
    private readonly store: LedgerStore,
    private readonly rights: RightsService,
    private readonly policy: PrivacyPolicy,
    private readonly client: ContractClient,
    private readonly notices: Notices,
  ) {}

  /**
   * The closure request (the first one, if asked again). `receivedAt`: when the subject asked,
   * if earlier than now (a dpo recording a closure asked by letter); the periods run from it.
   */
  close(subjectId: string, reason: string | null, principal: Principal, receivedAt = new Date()): Promise<string> {
    return this.rights.submit({
      type: 'CLOSURE',
      subjectId,
      details: { closedAt: receivedAt.toISOString() },
      reason,
      principal,
      receivedAt,
    });
  }

  /** Called by the fan-out when a request completes: a closure the policy erases at once. */
  async completed(request: RightsRequestEntity): Promise<void> {
    if (request.type !== 'CLOSURE' || this.policy.closure.eraseAfter !== 'P0D') return;
    await this.eraseClosed(request);
  }

  /** What is due as of `asOf` (YYYY-MM-DD): run by the sweep before its legs. */
  async due(asOf: string): Promise<LifecyclePass> {
    const pass: LifecyclePass = { erasures: [], warned: [], cancelled: [] };
    // A closure of day D is due on the sweep of D + eraseAfter: received before the next day minus it.
    const before = subtractDuration(nextDay(asOf), this.policy.closure.eraseAfter);
    for (const closure of await this.store.closuresAwaitingErasure(before)) {
      const id = await this.eraseClosed(closure);
      if (id) pass.erasures.push(id);
    }
    await this.inactivity(asOf, pass);
    return pass;
  }

  /**
   * veloraqenvi (V18): « Passé ce délai d'inactivité [36 mois], nous vous envoyons un
   * avertissement ... Si aucune réaction n'intervient dans les 60 jours suivant cet avertissement,
   * le compte ... [est] effacé. » First the running warnings: a login (or a closure, an erasure)
   * since the warning cancels it; one 60 days old becomes an ordinary erasure. Then the accounts
   * inactive for 36 months as of `asOf` that have no running warning are warned, each warning a
   * ledger request written with its message in one transaction.
   */
  private async inactivity(asOf: string, pass: LifecyclePass): Promise<void> {
    const { warnAfter, eraseAfterWarning } = this.policy.inactivity;
    if (!warnAfter || !eraseAfterWarning) return;
    const callId = randomUUID();
    const open = await this.store.openInactivityWarnings();
    const activity = new Map(
      (await this.client.subjectsActivity([...new Set(open.map((w) => w.subjectId))], callId)).map((a) => [a.id, a]),
    );
    const running = new Set<string>();
    for (const warning of open) {
      const now = activity.get(warning.subjectId);
      const warnedOn = parseDetails(warning.details).asOf ?? isoDate(warning.receivedAt);
      const since = parseDetails(warning.details).lastActivity;
      if (!now || now.status === 'ERASED' || now.status === 'CLOSED') {
        await this.endWarning(warning, 'REJECTED', 'The account was closed or erased meanwhile.');
        pass.cancelled.push(warning.id);
      } else if (since && now.lastActivity.getTime() > new Date(since).getTime()) {
        await this.endWarning(warning, 'REJECTED', `The subject signed in on ${isoDate(now.lastActivity)}.`);
        pass.cancelled.push(warning.id);
      } else if (addDuration(dayStart(warnedOn), eraseAfterWarning) <= dayStart(asOf)) {
        const erasure = await this.rights
          .submit({
            type: 'ERASURE',
            subjectId: warning.subjectId,
            details: {},
            reason: `No sign-in since ${isoDate(now.lastActivity)}, warned on ${warnedOn} (request ${warning.id}): erasure as the policy schedules it.`,
            principal: LIFECYCLE,
          })
          .catch((error: unknown) => {
            if (error instanceof GraphQLError && error.extensions.code === 'ALREADY_ERASED') return null;
            throw error;
          });
        await this.endWarning(warning, 'COMPLETED', null, erasure);
        if (erasure) pass.erasures.push(erasure);
      } else {
        running.add(warning.subjectId);
      }
    }
    // Inactive as of asOf: the last activity is on or before asOf minus the period.
    const inactive = await this.client.inactiveSubjects(subtractDuration(nextDay(asOf), warnAfter), callId);
    for (const subject of inactive) {
      if (running.has(subject.id)) continue;
      pass.warned.push(await this.warn(subject, asOf, addDuration(dayStart(asOf), eraseAfterWarning)));
    }
  }

  private async warn(subject: SubjectActivity, asOf: string, erasureDate: Date): Promise<string> {
    const now = new Date();
    const id = randomUUID();
    const warning: RightsRequestEntity = {
      id,
      type: 'INACTIVITY',
      subjectId: subject.id,
      status: 'RECEIVED',
      details: JSON.stringify({ asOf, lastActivity: subject.lastActivity.toISOString() }),
      reason: null,
      submittedBy: LIFECYCLE_ACTOR,
      receivedAt: now,
      initialDueAt: erasureDate,
      dueAt: erasureDate,
      extendedMonths: 0,
      extensionReason: null,
      completedAt: null,
      rejectionReason: null,
      awaitingConfirmation: false,
      confirmationHash: null,
      confirmationExpiresAt: null,
      liveErasure: LIVE_INACTIVITY,
      // The address is used for the warning below and not kept on the request.
      notifyEmail: null,
      notifyLanguage: null,
      updatedAt: now,
    };
    await this.store.write(async (tx) => {
      await this.store.insertRequest(tx, warning, []);
      await this.notices.inactivityWarning(
        tx,
        {
          ...warning,
          notifyEmail: subject.email,
          notifyLanguage: languageOf(subject.locale, this.notices.defaultLanguage),
        },
        subject.lastActivity,
        erasureDate,
        now,
      );
      await appendAudit(tx, now, [
        {
          requestId: id,
          action: 'INACTIVITY_WARNED',
          actor: LIFECYCLE_ACTOR,
          detail: { subjectId: subject.id, asOf, erasureDate: erasureDate.toISOString() },
        },
      ]);
    });
    return id;
  }

  private async endWarning(
    warning: RightsRequestEntity,
    status: 'REJECTED' | 'COMPLETED',
    why: string | null,
    erasureId: string | null = null,
  ): Promise<void> {
    const now = new Date();
    await this.store.write(async (tx) => {
      await this.store.saveRequest(tx, warning.id, {
        status,
        rejectionReason: why,
        liveErasure: null,
        completedAt: now,
        updatedAt: now,
        details: JSON.stringify({ ...parseDetails(warning.details), ...(erasureId ? { erasureId } : {}) }),
      });
      await appendAudit(tx, now, [
        {
          requestId: warning.id,
          action: status === 'REJECTED' ? 'INACTIVITY_CANCELLED' : 'INACTIVITY_ERASURE_SUBMITTED',
          actor: LIFECYCLE_ACTOR,
          detail: erasureId ? { erasureId } : {},
        },
      ]);
    });
  }

  /** The ordinary erasure a closure schedules; null when there is nothing left to erase. */
  private async eraseClosed(closure: RightsRequestEntity): Promise<string | null> {
    try {
      return await this.rights.submit({
        type: 'ERASURE',
        subjectId: closure.subjectId,
        details: {},
        reason: `Account closed on ${isoDate(closure.receivedAt)} (request ${closure.id}): erasure as the policy schedules it.`,
        principal: LIFECYCLE,
      });
    } catch (error) {
      // Erased meanwhile (by a request of their own): the closure's erasure is done.
      if (error instanceof GraphQLError && error.extensions.code === 'ALREADY_ERASED') return null;
      throw error;
    }
  }
}
