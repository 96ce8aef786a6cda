/** The desk's one way to the data: the gateway's GraphQL API, with the token the user signed in with. */
export interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export type Role = 'dpo' | 'support' | 'tech' | 'mentor' | 'subject' | 'service';

export interface Session {
  token: string;
  sub: string;
  roles: Role[];
}

/** The roles and subject in the token's payload (the gateway checks the signature on every call). */
export function sessionOf(token: string): Session | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: unknown; roles?: unknown };
    const roles = Array.isArray(claims.roles) ? (claims.roles.filter((r) => typeof r === 'string') as Role[]) : [];
    return { token: token.trim(), sub: typeof claims.sub === 'string' ? claims.sub : '?', roles };
  } catch {
    return null;
  }
}

export async function gql<T>(session: Session, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T | null; errors?: GraphQLError[] };
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'ERROR');
  if (!body.data) throw new ApiError(`HTTP ${res.status}`, 'ERROR');
  return body.data;
}

/** What each view needs; the API refuses the others anyway. */
export const VIEWS_BY_ROLE: Record<string, readonly View[]> = {
  dpo: ['requests', 'subject', 'retention', 'mail', 'statistics'],
  support: ['lookup'],
};
export type View = 'requests' | 'subject' | 'retention' | 'mail' | 'statistics' | 'lookup';

export function viewsOf(session: Session): View[] {
  const views = new Set<View>();
  for (const role of session.roles) for (const v of VIEWS_BY_ROLE[role] ?? []) views.add(v);
  return [...views];
}
