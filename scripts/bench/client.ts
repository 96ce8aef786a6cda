/**
 * A client of the gateway: the export as a client sends it, timed from request to whole body.
 * Over node:http with a keep-alive pool (common/http-client.ts), not fetch: the client shares
 * the machine's cores with the gateways it measures (and, in sections 1 to 5, their event loop),
 * and fetch cost it about 0.3 ms of CPU more per call (decision 289).
 */
import { performance } from 'node:perf_hooks';
import { post as httpPost } from '../../common/http-client';
import { MAX_IDS } from '../../common/validation';
import type { Row } from './baseline';

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string }>;
}

interface Timed<T> {
  ms: number;
  bytes: number;
  data: T;
}

/** Where the client sends its exports, and the token it sends them with (a `service` token, as export tooling). */
export interface GatewayTarget {
  url: string;
  token: string;
}

/** Longer than any call of a run (a bulk call of 500 subjects on a loaded machine takes seconds). */
const CLIENT_TIMEOUT_MS = 120_000;

/** What came back for one POST, before it is read: its status, its body, when it had all arrived. */
interface Arrived {
  status: number;
  ok: boolean;
  text: string;
  /** performance.now() once the whole body was in. */
  at: number;
}

/** The body of a request, made before its clock starts. */
const bodyOf = (query: string, variables: Record<string, unknown>): string => JSON.stringify({ query, variables });

async function send(target: GatewayTarget, body: string): Promise<Arrived> {
  const res = await httpPost(
    target.url,
    { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
    body,
    CLIENT_TIMEOUT_MS,
  );
  const text = await res.text();
  return { status: res.status, ok: res.ok, text, at: performance.now() };
}

/** The data of an answer; a fast error is not a fast export: any error stops the benchmark. */
function dataOf<T>(arrived: Arrived): T {
  const parsed = JSON.parse(arrived.text) as GraphQLResponse<T>;
  if (!arrived.ok || parsed.errors || !parsed.data)
    throw new Error(
      `gateway answered ${arrived.status}: ${parsed.errors?.map((e) => e.message).join('; ') ?? arrived.text.slice(0, 200)}`,
    );
  return parsed.data;
}

/** One POST as a client sends it; the clock stops when the whole body has arrived. */
export async function post<T>(
  target: GatewayTarget,
  query: string,
  variables: Record<string, unknown>,
): Promise<Timed<T>> {
  const body = bodyOf(query, variables);
  const started = performance.now();
  const arrived = await send(target, body);
  return { ms: arrived.at - started, bytes: Buffer.byteLength(arrived.text), data: dataOf<T>(arrived) };
}

export type SingleData = { subject: Row | null };
type BatchData = { subjects: Array<Row | null> };

interface BatchResult {
  ms: number;
  bytes: number;
  subjects: Array<Row | null>;
}

/** MAX_IDS per call, so the bulk export is several calls sent together, as a client must. */
export async function postBatch(target: GatewayTarget, query: string, ids: readonly string[]): Promise<BatchResult> {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += MAX_IDS) chunks.push(ids.slice(i, i + MAX_IDS));
  const bodies = chunks.map((chunk) => bodyOf(query, { ids: chunk }));
  const started = performance.now();
  // Every answer is read once all have arrived: in sections 1 to 5 the client shares the services'
  // event loop, and reading the first answer (megabytes of JSON) would hold up the second's (decision 345).
  const arrived = await Promise.all(bodies.map((body) => send(target, body)));
  const ms = Math.max(...arrived.map((a) => a.at)) - started;
  const parts = arrived.map((a) => ({ bytes: Buffer.byteLength(a.text), data: dataOf<BatchData>(a) }));
  const subjects = parts.flatMap((p) => p.data.subjects);
  if (subjects.length !== ids.length || subjects.some((s, i) => s?.id !== ids[i]))
    throw new Error('subjects(ids:) did not return every subject in order');
  return { ms, bytes: parts.reduce((n, p) => n + p.bytes, 0), subjects };
}
