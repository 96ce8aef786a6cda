/** What the command-line tools (export, retention) share: their error, and how they ask the gateway. */

/** An error for people: its message is printed as is and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface GatewayAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** POSTs one GraphQL request to the gateway as `token`; an unreachable gateway exits with 3. */
export async function postToGateway<T>(
  gateway: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<GatewayAnswer<T>> {
  let res: Response;
  try {
    res = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new CliError(`the gateway does not answer at ${gateway} (is it running? npm start)`, 3);
  }
  return (await res.json()) as GatewayAnswer<T>;
}
