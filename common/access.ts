/**
 * Who may read what. The gateway authenticates the caller; every subgraph enforces these rules
 * on the identity the gateway vouches for (common/internal-token.ts), in its field resolvers and
 * in its reference resolvers alike, so a direct `_entities` call gets no more than a query would.
 *
 * Deny by default: a DataSubject field missing from FIELD_ACCESS is readable only by the roles
 * that read everything (dpo, service, a subject about themself).
 */
import type { GraphQLError } from 'graphql';
import { fail } from './errors';

/** Roles a caller's token may carry (README, "Who may see what: roles, tokens, keys"). */
export const ROLES = ['dpo', 'support', 'tech', 'mentor', 'subject', 'service', 'guardian'] as const;
export type Role = (typeof ROLES)[number];

/** The gateway's own identity, for the calls it makes for itself (the access log). Never in a caller's token. */
export const SYSTEM_ROLE = 'system';
/**
 * The `requests` service's identity when it drives a rights request through the privacy
 * contract of the data subgraphs. Never in a caller's token, never in one the gateway signs.
 */
export const FANOUT_ROLE = 'requests';
export type InternalRole = Role | typeof SYSTEM_ROLE | typeof FANOUT_ROLE;

export interface Principal {
  /** Who the caller is (the token's `sub`): what the access log records. */
  sub: string;
  roles: readonly InternalRole[];
  /** For the `subject` role: the subject the caller is. */
  subjectId?: string;
  /** For the `mentor` role: the mentor the caller is. */
  mentorId?: string;
  /**
   * For the `mentor` role: the subjects this mentor has an assignment in force with, today.
   * The gateway asks the sessions subgraph (which owns assignments) once per request.
   */
  mentees?: readonly string[];
  /**
   * For the `guardian` role: the child (a minor's subject id) this legal representative acts for.
   * The token is bound to that one child; the guardian reads no DataSubject field, and submits
   * rights requests (ledger/who-may.ts) and fetches packages for that child only.
   */
  childId?: string;
}

/** The fields of DataSubject the profile subgraph owns: "the profile" of the roles below. */
export const PROFILE_FIELDS = [
  'fullName',
  'email',
  'phone',
  'birthDate',
  'locale',
  'status',
  'createdAt',
  'lastLoginAt',
  'professional',
  'financialSituation',
  'consents',
  'sponsorship',
  'communicationPreferences',
  'processingRestrictions',
  'erasedAt',
  'erasureRequestId',
] as const;

type FieldRule = 'all' | ReadonlySet<string>;

/**
 * DataSubject fields per role. `id` is readable by every role that may see the subject at all.
 * - support: the profile and support tickets; not connection logs, not billing, not mentoring
 *   (veloraqenvi: advisers see the conversations and the user profile, never the server logs).
 * - tech: connection logs and the technical state of the account (status, dates); nothing of
 *   what the person wrote or said (veloraqenvi: IP addresses, errors, connection times).
 * - mentor: name and language, professional context, assignments, sessions (goals and notes)
 *   and shared documents (ophelantyra: "votre profil professionnel, vos objectifs, les notes
 *   de vos rencontres précédentes, les documents que vous choisissez de partager").
 */
export const FIELD_ACCESS: Record<Role, FieldRule> = {
  dpo: 'all',
  service: 'all',
  subject: 'all',
  support: new Set(['id', ...PROFILE_FIELDS, 'supportTickets']),
  tech: new Set(['id', 'status', 'createdAt', 'lastLoginAt', 'connectionLogs']),
  mentor: new Set(['id', 'fullName', 'locale', 'professional', 'mentorAssignments', 'mentoringSessions', 'documents']),
  // A guardian reads the child's data through the access package, never field by field.
  guardian: new Set(),
};

/** Roles that may search subjects by name or email text: they may read both of everyone. */
const SEARCH_ROLES: readonly InternalRole[] = ['dpo', 'service', 'support'];
/** Roles that may look a subject up by exact email: the searchers, and a subject (their own only). */
const EMAIL_LOOKUP_ROLES: readonly InternalRole[] = [...SEARCH_ROLES, 'subject'];

function isRole(role: InternalRole): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

/** Whether one role of the principal covers this subject at all. */
function roleCoversSubject(p: Principal, role: Role, subjectId: string): boolean {
  switch (role) {
    case 'subject':
      return p.subjectId === subjectId;
    case 'mentor':
      return p.mentees?.includes(subjectId) ?? false;
    case 'guardian':
      return false;
    default:
      return true;
  }
}

function roleAllowsField(role: Role, field: string): boolean {
  const rule = FIELD_ACCESS[role];
  return rule === 'all' || rule.has(field);
}

export function forbidden(message: string): GraphQLError {
  return fail('FORBIDDEN', message);
}

/** Whether the principal may see this subject at all (some field of it, at least its id). */
export function maySeeSubject(p: Principal, subjectId: string): boolean {
  return p.roles.some((r) => isRole(r) && roleCoversSubject(p, r, subjectId));
}

/** Whether the principal may read this field of this subject: one role must allow both. */
export function mayReadField(p: Principal, subjectId: string, field: string): boolean {
  return p.roles.some((r) => isRole(r) && roleCoversSubject(p, r, subjectId) && roleAllowsField(r, field));
}

/** A read the access log must record: anything but a subject reading their own record. */
export function isLoggedRead(p: Principal, subjectId: string): boolean {
  return !(p.roles.includes('subject') && p.subjectId === subjectId && p.roles.length === 1);
}

/** Scoped roles (subject, mentor, guardian) only: staff roles see every subject. */
export function isScopedOnly(p: Principal): boolean {
  return p.roles.every((r) => r === 'subject' || r === 'mentor' || r === 'guardian');
}

/** The subject themself, or the guardian whose token is bound to them (O38, V45): who may act for them. */
export function actsFor(p: Principal, subjectId: string): boolean {
  return (
    (p.roles.includes('subject') && p.subjectId === subjectId) ||
    (p.roles.includes('guardian') && p.childId === subjectId)
  );
}

/** A guardian acting for their child, not someone who could act in their own right (a dpo, the subject). */
export function actsAsGuardian(p: Principal, subjectId: string): boolean {
  return (
    p.roles.includes('guardian') &&
    p.childId === subjectId &&
    !hasRole(p, 'dpo') &&
    !(p.roles.includes('subject') && p.subjectId === subjectId)
  );
}

export function hasRole(p: Principal, ...roles: InternalRole[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}

/**
 * One request's view of access in a subgraph: the checks, and the personal data actually read
 * (subject id → DataSubject fields), which the subgraph reports to the gateway for the access log.
 */
export class RequestAccess {
  readonly reads = new Map<string, Set<string>>();

  constructor(
    readonly principal: Principal,
    /** The gateway's id of the client request this call is part of. */
    readonly requestId: string,
  ) {}

  /** Refuses a subject out of the caller's scope; says nothing of whether it exists. */
  assertSubject(subjectId: string): void {
    if (!maySeeSubject(this.principal, subjectId)) throw forbidden('You may not read this subject.');
  }

  /** `record`: false to check only (a field hidden by a restriction is not read). */
  assertField(subjectId: string, field: string, record = true): void {
    if (!mayReadField(this.principal, subjectId, field)) {
      throw forbidden(
        `Your role may not read DataSubject.${field}${maySeeSubject(this.principal, subjectId) ? '' : ' of this subject'}.`,
      );
    }
    if (record && isLoggedRead(this.principal, subjectId)) {
      let fields = this.reads.get(subjectId);
      if (!fields) this.reads.set(subjectId, (fields = new Set()));
      fields.add(field);
    }
  }

  assertSearch(): void {
    this.assertRole('search subjects by name or email', ...SEARCH_ROLES);
  }

  assertEmailLookup(): void {
    this.assertRole('look subjects up by email', ...EMAIL_LOOKUP_ROLES);
  }

  /**
   * A subject found by a personal attribute. A scoped caller (subject, mentor) gets FORBIDDEN
   * both for someone else and for nobody, so the answer never tells whether an email exists.
   */
  scopeFound<T extends { id: string }>(found: T | null): T | null {
    if (isScopedOnly(this.principal) && (!found || !maySeeSubject(this.principal, found.id)))
      throw forbidden('You may not read this subject.');
    return found;
  }

  /** Per id: the id if the caller may see it, else the FORBIDDEN error that takes its place in a list. */
  scopeIds(ids: readonly string[]): Array<string | GraphQLError> {
    return ids.map((id) => (maySeeSubject(this.principal, id) ? id : forbidden('You may not read this subject.')));
  }

  assertRole(what: string, ...roles: InternalRole[]): void {
    if (!hasRole(this.principal, ...roles)) throw forbidden(`Your role may not ${what}.`);
  }

  /** What goes into the response's `extensions.personalDataRead` for the gateway. */
  report(): PersonalDataRead[] {
    return [...this.reads].map(([subjectId, fields]) => ({ subjectId, fields: [...fields].sort() }));
  }
}

/** One subject's fields read in one request, as a subgraph reports it to the gateway. */
export interface PersonalDataRead {
  subjectId: string;
  fields: string[];
}

export const READ_REPORT_EXTENSION = 'personalDataRead';
