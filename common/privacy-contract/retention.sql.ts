/** SQL: the subjects this subgraph erased (the contract's own record, `privacy_operation`). */
export const SUBJECTS_ERASED_HERE = "SELECT o.subject_id FROM privacy_operation o WHERE o.operation = 'erase'";

/**
 * SQL: the subjects whose account closure this subgraph recorded (the contract's `close` row,
 * aliased `c`, so that a caller can add `AND c.done_at <= :closedBy`: its date is the closure's).
 */
export const SUBJECTS_CLOSED_HERE = "SELECT c.subject_id FROM privacy_operation c WHERE c.operation = 'close'";
