import { subtractDuration } from '../duration';
import type { PrivacyPolicy, RetentionRule } from '../../policies';
import type { TicketTypeName } from '../../policies/policy';
import type { RetentionGround } from './receipt';
import type { RuleReceipt } from './retention.receipt';

/**
 * The name of a rule of the policy file, as receipts and the report show it:
 * a key of `retention` (accounting, session-data...), `support:<TYPE>` for a key of
 * `supportRetentionByType`, or a key of `records` (access-log, outbox...).
 */
export type RuleKey = string;

/** The rule of the policy file a key names; a key that names none is a programming error. */
export function policyRule(policy: PrivacyPolicy, key: RuleKey): RetentionRule {
  if (key.startsWith('support:')) {
    const rule = policy.supportRetentionByType[key.slice('support:'.length) as TicketTypeName];
    if (rule) return rule;
  }
  const found =
    (policy.retention as Record<string, RetentionRule | undefined>)[key] ??
    (policy.records as Record<string, RetentionRule | undefined>)[key];
  if (!found) throw new Error(`policy ${policy.id} has no retention rule "${key}"`);
  return found;
}

/**
 * The instant a record's date must be on or before for the rule to apply to it as of `asOf`:
 * asOf minus the period, in calendar arithmetic. Null when the rule has no period (it runs
 * from an event, or keeps as long as the account lasts): the sweep does not apply it by date.
 */
export function ruleCutoff(policy: PrivacyPolicy, key: RuleKey, asOf: Date): Date | null {
  const { period } = policyRule(policy, key);
  return period === null ? null : subtractDuration(asOf, period);
}

/** What a subgraph's handler says one rule did to one kind of record. */
export interface RuleOutcome {
  rule: RuleKey;
  entity: string;
  deleted?: number;
  anonymised?: number;
  kept?: number;
  keptGround?: RetentionGround | null;
  keptUntilEvent?: string | null;
  /** The legal holds that kept them (a complaint under dispute is counted, not named). */
  keptHolds?: string[];
  subjects?: number;
}

/** The receipt line of an outcome, with the policy's sentence, period and the cutoff of this sweep. */
export function ruleReceipt(policy: PrivacyPolicy, asOf: Date, o: RuleOutcome): RuleReceipt {
  const rule = policyRule(policy, o.rule);
  return {
    rule: o.rule,
    entity: o.entity,
    sentence: rule.quote,
    description: rule.description,
    period: rule.period,
    cutoff: ruleCutoff(policy, o.rule, asOf),
    deleted: o.deleted ?? 0,
    anonymised: o.anonymised ?? 0,
    kept: o.kept ?? 0,
    keptGround: o.keptGround ?? null,
    keptUntilEvent: o.keptUntilEvent ?? null,
    keptHolds: o.keptHolds ?? [],
    subjects: o.subjects ?? 0,
  };
}
