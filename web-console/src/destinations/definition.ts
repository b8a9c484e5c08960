import type { DestinationAuth } from '../api/model';

/** Empty strings mean "not given" to the server, so they are left out rather than sent. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === '' || v === undefined || v === null) continue;
    out[k] = v;
  }
  return out as T;
}

/** The credentials as sent: only the fields of the chosen kind. */
export function authOf(auth: DestinationAuth | undefined): DestinationAuth | undefined {
  if (!auth) return undefined;
  return auth.type === 'ACCESS_KEY'
    ? compact<DestinationAuth>({ type: 'ACCESS_KEY', accessKeyId: auth.accessKeyId, accessKeySecret: auth.accessKeySecret })
    : compact<DestinationAuth>({ type: 'RAM_ROLE', accountId: auth.accountId, roleName: auth.roleName, stsEndpoint: auth.stsEndpoint,
      clientTimeoutMs: auth.clientTimeoutMs });
}
