/** SQL: the subjects this subgraph erased (the contract's own record, `privacy_operation`). */
export const SUBJECTS_ERASED_HERE = "SELECT o.subject_id FROM privacy_operation o WHERE o.operation = 'erase'";

/**
 * SQL: the subjects whose account closure this subgraph recorded (the contract's `close` row,
 * aliased `c`, so that a caller can add `AND c.done_at <= :closedBy`: its date is the closure's).
 */
export const SUBJECTS_CLOSED_HERE = "SELECT c.subject_id FROM privacy_operation c WHERE c.operation = 'close'";

/**
 * SQL: the subject in `column` (a qualified column of the row at hand) was erased here, looked
 * up row by row through the contract's (subject, operation) index. In a sweep's chunk this reads
 * one index entry per row, where `IN (SUBJECTS_ERASED_HERE)` made MySQL read every erased subject
 * again at each chunk (the longest statement of a sweep over 200,000 subjects). A scalar
 * subquery, not `EXISTS`: MariaDB turns an `EXISTS` into a semi-join on a materialised table of
 * every erased subject, the very reading again (decision 322).
 */
export const erasedHere = (column: string): string =>
  `(SELECT 1 FROM privacy_operation o WHERE o.subject_id = ${column} AND o.operation = 'erase' LIMIT 1) IS NOT NULL`;

/**
 * SQL: the subject in `column` had its account closed here, row by row as `erasedHere`; `also`
 * adds to the closure row's condition (`c.done_at <= :closedBy`). Negate it with `notClosedHere`,
 * which keeps NOT IN's answer for a row without a subject (excluded).
 */
export const closedHere = (column: string, also = ''): string =>
  `(SELECT 1 FROM privacy_operation c WHERE c.subject_id = ${column} AND c.operation = 'close'${also ? ` AND ${also}` : ''} LIMIT 1) IS NOT NULL`;

export const notClosedHere = (column: string, also = ''): string =>
  `(${column} IS NOT NULL AND NOT ${closedHere(column, also)})`;
