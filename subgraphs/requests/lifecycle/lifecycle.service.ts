import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../../../common/access';
import { addDuration, isoDate, subtractDuration } from '../../../common/duration';
import type { PrivacyPolicy } from '../../../policies';
import { appendAudit } from '../ledger/audit.store';
import type { ContractClient, SubjectActivity } from '../ledger/contract.client';
import { LIVE_INACTIVITY, LIVE_MINOR, type RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import type { LedgerStore } from '../ledger/ledger.store';
import { languageOf } from '../mail/mail.templates';
import type { Notices } from '../mail/notices';
import { parseDetails } from '../ledger/request-details';
import type { RightsService } from '../rights/rights.service';
import { WaitReason } from '../ledger/waiting';

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

/**
 * At most this many lifecycle events (erasures scheduled, warnings, contacts, cancellations) per
 * sweep: each is an ordinary request of its own, with its statements, so a first sweep over a
 * population with thousands due (the feature switched on, a bulk import) would otherwise hold the
 * sweep for as long as thousands of requests take. The rest is due again the next day; a warning
 * or contact given a day later only moves its own deadline a day later.
 */
export const MAX_LIFECYCLE_EVENTS = 100;
const full = (pass: LifecyclePass): boolean =>
  pass.erasures.length + pass.warned.length + pass.cancelled.length >= MAX_LIFECYCLE_EVENTS;

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
      if (full(pass)) break;
      const id = await this.eraseClosed(closure);
      if (id) pass.erasures.push(id);
    }
    await this.inactivity(asOf, pass);
    await this.minors(asOf, pass);
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
      if (full(pass)) {
        running.add(warning.subjectId);
        continue;
      }
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
      if (full(pass)) break;
      if (running.has(subject.id)) continue;
      pass.warned.push(await this.warn(subject, asOf, addDuration(dayStart(asOf), eraseAfterWarning)));
    }
  }

  private warn(subject: SubjectActivity, asOf: string, erasureDate: Date): Promise<string> {
    return this.openNotice(
      'INACTIVITY',
      LIVE_INACTIVITY,
      subject,
      asOf,
      erasureDate,
      'INACTIVITY_WARNED',
      (tx, r, now) => this.notices.inactivityWarning(tx, r, subject.lastActivity, erasureDate, now),
    );
  }

  /**
   * A request without legs that carries a deadline (an inactivity warning, a minor's contact),
   * written with its message and audit row in one transaction. The address is read from profile
   * for the message and not kept on the request.
   */
  private async openNotice(
    type: 'INACTIVITY' | 'MINOR',
    marker: string,
    subject: SubjectActivity,
    asOf: string,
    due: Date,
    action: string,
    notice: (tx: EntityManager, request: RightsRequestEntity, now: Date) => Promise<void>,
  ): Promise<string> {
    const now = new Date();
    const id = randomUUID();
    const request: RightsRequestEntity = {
      id,
      type,
      subjectId: subject.id,
      status: 'RECEIVED',
      details: JSON.stringify({ asOf, lastActivity: subject.lastActivity.toISOString() }),
      reason: null,
      submittedBy: LIFECYCLE_ACTOR,
      receivedAt: now,
      initialDueAt: due,
      dueAt: due,
      extendedMonths: 0,
      extensionReason: null,
      completedAt: null,
      rejectionReason: null,
      awaitingConfirmation: false,
      confirmationHash: null,
      confirmationExpiresAt: null,
      liveErasure: marker,
      notifyEmail: null,
      notifyLanguage: null,
      updatedAt: now,
    };
    await this.store.write(async (tx) => {
      await this.store.insertRequest(tx, request, []);
      await notice(
        tx,
        {
          ...request,
          notifyEmail: subject.email,
          notifyLanguage: languageOf(subject.locale, this.notices.defaultLanguage),
        },
        now,
      );
      await appendAudit(tx, now, [
        {
          requestId: id,
          action,
          actor: LIFECYCLE_ACTOR,
          detail: {
            subjectId: subject.id,
            asOf,
            dueAt: due.toISOString(),
            waitingFor: type === 'INACTIVITY' ? WaitReason.SUBJECT_SIGN_IN : WaitReason.PARENTAL_CONSENT,
          },
        },
      ]);
    });
    return id;
  }

  /**
   * Minors (from the birth date, as of `asOf`). ophelantyra (O22): an ordinary erasure at once.
   * veloraqenvi (V24): without a recorded parental consent, the legal representatives are
   * contacted; the account is erased `consentDelay` after the contact unless one is recorded.
   */
  private async minors(asOf: string, pass: LifecyclePass): Promise<void> {
    const callId = randomUUID();
    const minors = await this.client.minors(dayStart(asOf), callId);
    const { consentDelay } = this.policy.minors;
    if (consentDelay === null) {
      for (const minor of minors) {
        if (full(pass)) break;
        const id = await this.erase(minor.id, `Under ${this.policy.minimumAge} as of ${asOf}: erased when discovered.`);
        if (id) pass.erasures.push(id);
      }
      return;
    }
    const ids = minors.map((m) => m.id);
    const consented = new Set((await this.store.parentalConsents(ids)).map((c) => c.subjectId));
    const open = new Map((await this.store.openMinorContacts()).map((c) => [c.subjectId, c]));
    for (const minor of minors) {
      if (full(pass)) break;
      if (consented.has(minor.id)) continue;
      const contact = open.get(minor.id);
      if (!contact) {
        const due = addDuration(dayStart(asOf), consentDelay);
        pass.warned.push(
          await this.openNotice('MINOR', LIVE_MINOR, minor, asOf, due, 'GUARDIANS_CONTACTED', (tx, r, now) =>
            this.notices.guardianContact(tx, r, minor.fullName ?? '', this.policy.minimumAge, due, now),
          ),
        );
      } else if (contact.dueAt <= dayStart(asOf)) {
        const id = await this.erase(
          minor.id,
          `Under ${this.policy.minimumAge}, no parental consent by ${isoDate(contact.dueAt)} (request ${contact.id}).`,
        );
        await this.endWarning(contact, 'COMPLETED', null, id);
        if (id) pass.erasures.push(id);
      }
    }
  }

  /**
   * A parental consent (V24): who gave it, on which day, where the evidence is. Refused for an
   * unknown or erased subject and for one who is not a minor; ends a running contact.
   */
  async recordParentalConsent(
    subjectId: string,
    consent: { guardianName: string; givenOn: string; evidenceRef: string },
    principal: Principal,
  ): Promise<string> {
    const [subject] = await this.client.subjectsActivity([subjectId], randomUUID());
    if (!subject) throw new GraphQLError('No subject with this id.', { extensions: { code: 'NOT_FOUND' } });
    if (subject.status === 'ERASED')
      throw new GraphQLError('This subject is already erased.', { extensions: { code: 'SUBJECT_ERASED' } });
    const minors = await this.client.minors(dayStart(consent.givenOn), randomUUID());
    const stillMinor = await this.client.minors(new Date(), randomUUID());
    if (!minors.some((m) => m.id === subjectId) && !stillMinor.some((m) => m.id === subjectId))
      throw new GraphQLError(
        `This subject is not under ${this.policy.minimumAge}: a parental consent has no place here.`,
        { extensions: { code: 'NOT_A_MINOR' } },
      );
    const now = new Date();
    const id = randomUUID();
    const open = (await this.store.openMinorContacts()).find((c) => c.subjectId === subjectId);
    await this.store.write(async (tx) => {
      await this.store.insertRequest(
        tx,
        {
          id,
          type: 'PARENTAL_CONSENT',
          subjectId,
          status: 'COMPLETED',
          details: JSON.stringify(consent),
          reason: null,
          submittedBy: principal.sub,
          receivedAt: now,
          initialDueAt: now,
          dueAt: now,
          extendedMonths: 0,
          extensionReason: null,
          completedAt: now,
          rejectionReason: null,
          awaitingConfirmation: false,
          confirmationHash: null,
          confirmationExpiresAt: null,
          liveErasure: null,
          notifyEmail: null,
          notifyLanguage: null,
          updatedAt: now,
        },
        [],
      );
      if (open)
        await this.store.saveRequest(tx, open.id, {
          status: 'REJECTED',
          rejectionReason: 'A parental consent was recorded.',
          liveErasure: null,
          completedAt: now,
          updatedAt: now,
        });
      await appendAudit(tx, now, [
        { requestId: id, action: 'PARENTAL_CONSENT_RECORDED', actor: principal.sub, detail: { subjectId } },
      ]);
    });
    return id;
  }

  private async erase(subjectId: string, reason: string): Promise<string | null> {
    try {
      return await this.rights.submit({ type: 'ERASURE', subjectId, details: {}, reason, principal: LIFECYCLE });
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === 'ALREADY_ERASED') return null;
      throw error;
    }
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
