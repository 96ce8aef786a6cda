import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { log } from '../common/log';
import { graphqlRequests } from '../common/metrics';
import type { GatewayContext } from './context';

/**
 * Counts each GraphQL request by operation and outcome, and logs it (one line, no variables).
 * The operation is the kind and first root field (`mutation.requestErasure`), known only once the
 * query is valid against the schema, so the label takes only the schema's field names; the
 * client's operation name, free text, is never a label. The outcome is `ok` or the first error code.
 */
export function metricsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, errors, response }) {
          const name = operationLabel(operation);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const code = errors?.[0]?.extensions?.code ?? body?.errors?.[0]?.extensions?.code;
          const outcome = errors?.length || body?.errors?.length ? (typeof code === 'string' ? code : 'ERROR') : 'ok';
          graphqlRequests.inc({ operation: name, outcome });
          log().info({ operation: name, outcome, ms: Math.round(performance.now() - started) }, 'graphql request');
        },
      };
    },
  };
}

function operationLabel(operation: OperationDefinitionNode | undefined): string {
  if (!operation) return 'invalid';
  const first = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
  return `${operation.operation}.${first ? first.name.value : 'fragment'}`;
}
