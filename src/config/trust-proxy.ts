import { isIP } from 'node:net';

/**
 * ATS_SYNC_TRUST_PROXY: which reverse proxies may name the client in X-Forwarded-For (Express's
 * 'trust proxy'). Off by default: the client is the TCP peer, and a forwarded header is ignored,
 * so no client can pick the address the dashboard's sign-in limit counts it under.
 *
 * - a hop count, 1–32: that many proxies in front of ats-sync; the client is the address that
 *   many hops back in X-Forwarded-For;
 * - a comma-separated list of proxy addresses or subnets (`10.0.0.0/8`, `fd00::/8`, `127.0.0.1`)
 *   and Express's names `loopback`, `linklocal`, `uniquelocal`: the hops from these are trusted.
 *
 * `true` (trust every hop) is refused: any client could then choose its address.
 */
export type TrustProxy = number | string[];

export const TRUST_PROXY_PROBLEM =
  'must be off, a hop count from 1 to 32, or a comma-separated list of proxy addresses or subnets (e.g. 10.0.0.0/8, ::1, loopback); `true` would let any client choose its address';

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const OFF = new Set(['off', 'false', '0', 'no']);

function isAddressOrSubnet(entry: string): boolean {
  if (NAMES.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The setting as Express takes it; undefined when off; null when the value is not one of the forms above. */
export function parseTrustProxy(value: string | undefined): TrustProxy | undefined | null {
  const text = value?.trim().toLowerCase() ?? '';
  if (text === '' || OFF.has(text)) return undefined;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops >= 1 && hops <= 32 ? hops : null;
  }
  const entries = text.split(',').map((e) => e.trim());
  return entries.every((e) => e !== '' && isAddressOrSubnet(e)) ? entries : null;
}
