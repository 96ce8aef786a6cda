import { createElement as h, type ReactElement } from 'react';
import { Action, type Ctx } from './ui';

const DECIDE = `mutation($id: ID!, $d: ObjectionDecision!, $r: String!) { decideObjection(requestId: $id, decision: $d, reasons: $r) { id } }`;

/**
 * An objection UNDER_EXAMINATION (O36, V46): the dpo upholds or refuses it, with reasons the
 * subject is sent; each previewed before it is done, like every action of the desk.
 */
export function objectionActions(
  ctx: Ctx,
  id: string,
  mutate: (query: string, variables: Record<string, unknown>) => Promise<unknown>,
  onDone: () => void,
): ReactElement {
  const { t } = ctx;
  const decide = (decision: 'UPHELD' | 'REFUSED', testId: string, label: string, describe: () => string) =>
    h(Action, {
      ctx,
      label,
      testId,
      needsReason: true,
      describe,
      run: (reasons) => mutate(DECIDE, { id, d: decision, r: reasons }),
      onDone,
    });
  return h(
    'div',
    null,
    decide('UPHELD', 'uphold', t('uphold'), () => t('willUphold', { id })),
    decide('REFUSED', 'refuse', t('refuse'), () => t('willRefuse', { id })),
  );
}
