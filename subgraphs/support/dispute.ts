/**
 * A complaint under dispute, as receipts name it: erasure (support.privacy.ts) and the sweep
 * (support.retention.ts) both do, so it sits apart from both, and neither imports the other.
 */

/** The event that ends the retention of a disputed complaint: it has no date until then. */
export const DISPUTE_RESOLVED = 'DISPUTE_RESOLVED';

/** A complaint under dispute is a hold of its ticket: the receipt names it like a legal hold. */
export const DISPUTE_HOLD_REASON = 'Complaint under dispute, kept until resolved (Art. 17(3)(e))';
export const disputeHoldId = (ticketId: string): string => `dispute:${ticketId}`;
