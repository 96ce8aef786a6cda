import type { Json } from '../../schema/subject-export';
import { CliError } from '../cli';

/** Where and as whom a batch is asked: a long run signs a new token when the last one is about to expire. */
export interface GatewayCaller {
  gateway: string;
  token: () => Promise<string>;
}

type Answer = {
  data?: { subjects?: Array<Json | null> } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
};

/** One `subjects(ids:)` call; RATE_LIMITED is waited out as the gateway says (Retry-After). */
export async function fetchBatch(
  options: GatewayCaller,
  query: string,
  ids: string[],
  onWait: (seconds: number) => void,
): Promise<Array<Json | null>> {
  for (;;) {
    let res: Response;
    try {
      res = await fetch(options.gateway, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await options.token()}` },
        body: JSON.stringify({ query, variables: { ids } }),
      });
    } catch {
      throw new CliError(`the gateway does not answer at ${options.gateway} (is it running? npm start)`, 3);
    }
    const answer = (await res.json()) as Answer;
    if (res.status === 429) {
      const seconds = Number(res.headers.get('retry-after')) || 5;
      onWait(seconds);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      continue;
    }
    // A partial export is not an export: stop, the batch is done again on the next run.
    if (answer.errors?.length)
      throw new CliError(answer.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n'), 1);
    const subjects = answer.data?.subjects;
    if (!subjects || subjects.length !== ids.length)
      throw new CliError('the gateway did not answer one export per id', 1);
    return subjects;
  }
}
