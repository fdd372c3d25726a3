/**
 * What a provider brings to ats-sync. The sync engine, the API and storage see providers only
 * through this contract and the registry; the sync and write capabilities are added per provider.
 */
export interface Connector {
  /** The `provider` value of a connection, e.g. "ashby". */
  readonly provider: string;
  readonly displayName: string;
  /** The partner API's base URL; a connection's `base_url` overrides it (proxies, sandboxes). */
  readonly defaultBaseUrl: string;
  /** The credential fields a connection must give, each a non-empty string. */
  readonly credentialFields: readonly string[];
}

export type Credentials = Record<string, string>;
