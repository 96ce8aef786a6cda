/**
 * What the gateway and the `requests` service agree on for the subject's download link in a
 * browser (docs/access-packages.md): the cookie a browser's sign-in is read from, and the
 * principal the gateway forwards when the browser has none (the signed link alone decides then).
 */

/** The organisation's sign-in in a browser: its caller token (the same JWT as `Authorization`). */
export const SESSION_COOKIE = 'dsg_session';

/** Who an unsigned-in browser is in the internal token: a subject of nobody, so it may read nothing. */
export const LINK_VISITOR_SUB = 'package-link-visitor';

/** The value of one cookie of a `Cookie` header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}
