/**
 * Puts the compiled shaping (compile.ts) under Apollo Gateway's `executeQueryPlan`, which calls
 * `computeResponse` through its module's exports: replacing that export is the one seam the
 * gateway offers (it has no option for it). Decision 350 says why and what guards it.
 *
 * The shaping is compiled once per operation text. `computeResponse` receives an `Operation`
 * rebuilt on every request, so the key comes from one step earlier: `executeQueryPlan` is given
 * the parsed operation from Apollo Server's document cache, the same object for every request
 * of the same text, and runs its whole execution inside `operations.run(...)` here.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { OperationDefinitionNode } from 'graphql';
import type { Operation, Schema } from '@apollo/federation-internals';
import * as execution from '@apollo/gateway/dist/executeQueryPlan';
import * as shaping from '@apollo/gateway/dist/resultShaping';
import { log } from '../../common/log';
import { answersShaped } from '../../common/metrics';
import { BAIL, compileShaping, NotCompiled, type ShapeRoot } from './compile';

type ComputeResponse = typeof shaping.computeResponse;
type ExecuteQueryPlan = typeof execution.executeQueryPlan;

/** Per operation (its node in the document cache): the shaping for a schema, or null for Apollo's. */
interface Compiled {
  schema: Schema;
  shape: ShapeRoot | null;
}

const operations = new AsyncLocalStorage<OperationDefinitionNode>();
const compiled = new WeakMap<OperationDefinitionNode, Compiled>();
let installed = false;
/** Off: every answer goes to Apollo's shaping. For tests and the benchmark, which compare both. */
let enabled = true;

export function useCompiledShaping(on: boolean): void {
  enabled = on;
}

/** How many answers each shaping gave since the start (`gateway_answers_shaped_total`). */
export async function shapingCounts(): Promise<{ compiled: number; apollo: number }> {
  const { values } = await answersShaped.get();
  const by = (label: string): number => values.find((v) => v.labels.by === label)?.value ?? 0;
  return { compiled: by('compiled'), apollo: by('apollo') };
}

export function shapingInstalled(): boolean {
  return installed;
}

function shapingFor(node: OperationDefinitionNode, operation: Operation): ShapeRoot | null {
  const schema = operation.schema();
  const known = compiled.get(node);
  if (known?.schema === schema) return known.shape;
  let shape: ShapeRoot | null = null;
  try {
    shape = compileShaping(operation);
  } catch (err) {
    // Not compiled: Apollo's shaping answers this operation; anything else would be a fault here.
    if (!(err instanceof NotCompiled)) log().error({ err }, 'result shaping not compiled; Apollo Gateway shapes it');
  }
  compiled.set(node, { schema, shape });
  return shape;
}

/** A throw would be a fault of the compiled shaping, never of the answer: Apollo's shapes it instead. */
function shapeOrBail(shape: ShapeRoot, input: Record<string, unknown>): ReturnType<ShapeRoot> {
  try {
    return shape(input);
  } catch (err) {
    log().error({ err }, 'compiled result shaping failed; the answer is shaped by Apollo Gateway');
    return BAIL;
  }
}

function compiledComputeResponse(apollo: ComputeResponse): ComputeResponse {
  return (args) => {
    const node = operations.getStore();
    const { operation, input } = args;
    const shape = enabled && node && input ? shapingFor(node, operation) : null;
    if (shape && input) {
      const data = shapeOrBail(shape, input);
      if (data !== BAIL) {
        answersShaped.inc({ by: 'compiled' });
        return { data, errors: [] };
      }
    }
    answersShaped.inc({ by: 'apollo' });
    return apollo(args);
  };
}

function scopedExecuteQueryPlan(apollo: ExecuteQueryPlan): ExecuteQueryPlan {
  return (queryPlan, serviceMap, requestContext, operationContext, ...rest) =>
    operations.run(operationContext.operation, () =>
      apollo(queryPlan, serviceMap, requestContext, operationContext, ...rest),
    );
}

/**
 * Once per process, before the first request. If a new Apollo Gateway has moved either function,
 * nothing is replaced: answers keep Apollo's shaping, a warning says so, and the test of the
 * shaping (test/shaping.e2e) fails, so an upgrade cannot drop it unseen.
 */
export function installCompiledShaping(): void {
  if (installed) return;
  const executionExports = execution as { executeQueryPlan: unknown };
  const shapingExports = shaping as { computeResponse: unknown };
  if (typeof executionExports.executeQueryPlan !== 'function' || typeof shapingExports.computeResponse !== 'function') {
    log().warn('compiled result shaping not installed: @apollo/gateway has moved executeQueryPlan or computeResponse');
    return;
  }
  shapingExports.computeResponse = compiledComputeResponse(shaping.computeResponse);
  executionExports.executeQueryPlan = scopedExecuteQueryPlan(execution.executeQueryPlan);
  installed = true;
}
