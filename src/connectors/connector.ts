import type { Logger } from 'pino';
import type { ConnectorActions, FetchByIds } from './connector-actions.js';
import type { InboundWebhooks } from './connector-webhooks.js';
import type { PartnerHttp } from './http/partner-http.js';
import type { AtsModel, JoinModel, MappedPage } from '../ats/normalized.js';

/**
 * What a provider brings to ats-sync. The sync engine, the API and storage see providers only
 * through this contract and the registry. Data flows one way: a stream fetches raw pages, a pure
 * mapper turns each page into normalized records, and the engine writes them.
 */
export interface Connector {
  /** The `provider` value of a connection, e.g. "ashby". */
  readonly provider: string;
  readonly displayName: string;
  /** The partner API's base URL; a connection's `base_url` overrides it (proxies, sandboxes). */
  readonly defaultBaseUrl: string;
  /** The credential fields a connection must give, each a non-empty string. */
  readonly credentialFields: readonly string[];
  /** The partner's documented limits; the HTTP client enforces them per connection. */
  readonly limits: PartnerLimits;
  /** Adds the provider's auth to every request (header, basic auth or query parameter). */
  authenticate(credentials: Credentials): AuthConfig;
  /** Resolves when the credentials work; throws a RemoteError (kind AUTH for bad ones) otherwise. */
  checkCredentials(context: ConnectorContext): Promise<void>;
  /** Everything a sync fetches, in dependency order. Absent until the provider's sync lands. */
  readonly streams?: readonly SyncStream[];
  /** Writes into the ATS (see connector-actions.ts); each one absent where the partner has no such call. */
  readonly actions?: ConnectorActions;
  /** Re-reads given records (write-through, inbound webhooks), mapped as a sync maps them. */
  readonly fetchByIds?: FetchByIds;
  /** Inbound partner webhooks, where the partner sends them. */
  readonly webhooks?: InboundWebhooks;
  /** The models this provider has; the read API answers empty lists for the others. All when absent. */
  readonly models?: readonly AtsModel[];
  /** What a customer does to get credentials (shown on the Connect page), from the provider's own docs. */
  readonly setupGuide?: SetupGuide;
}

export interface SetupGuide {
  /** Ordered steps, plain text, e.g. "Ashby Admin → Ashby API → API keys → New". */
  steps: readonly string[];
  /** Permissions the key needs. */
  permissions: readonly string[];
  /** The label of the credential field(s) as the partner names them, by credential field. */
  credentialLabels: Readonly<Record<string, string>>;
}

export type Credentials = Record<string, string>;

export interface PartnerLimits {
  /** Sustained requests per second per connection. */
  requestsPerSecond: number;
  /** Requests in flight at once per connection. */
  concurrency: number;
}

export interface AuthConfig {
  headers?: Record<string, string>;
  params?: Record<string, string>;
  auth?: { username: string; password: string };
  /** Fields added to every JSON object body (JazzHR wants its key in POST bodies as well as the query). */
  bodyFields?: Record<string, string>;
}

/** What a connector gets to talk to its partner for one connection. */
export interface ConnectorContext {
  http: PartnerHttp;
  logger: Logger;
  /** The connection's settings (provider-specific ones included, e.g. Gem's default_user_remote_id); {} when none. */
  settings?: Readonly<Record<string, unknown>>;
}

// The normalized record types live in src/ats (shared by connectors, engine and API); re-exported
// here so connector code keeps one import.
export type { AtsModel, DerivedColumn, JoinMember, JoinModel, JoinSet, MappedPage, ModelFields, ModelRefs, NormalizedRecord, RecordsByModel, RemoteRef } from '../ats/normalized.js';

/** Where a stream stands: opaque to the engine, saved with each committed page. */
export type StreamPosition = Record<string, unknown>;

export interface RawPage<Raw = unknown> {
  records: Raw[];
  /** The position after this page: resuming from it fetches the next page. */
  position: StreamPosition;
}

export interface FetchRequest {
  mode: 'FULL' | 'DELTA';
  /**
   * FULL: the position of an interrupted FULL run to resume from, or null to start at the top.
   * DELTA: the position saved by the last completed run (e.g. a sync token), never null.
   */
  position: StreamPosition | null;
  /** When this run started; time-based deltas derive their next `updated_after` from it (minus an overlap). */
  startedAt: Date;
  signal: AbortSignal;
  /**
   * What is stored for some records of a model (live rows only): remote id → `remote_updated_at` and
   * the asked columns. Lets a stream skip a detail call for a record its list says did not change.
   * Absent outside a sync (tests, benchmarks): the stream then asks as before. `by` looks the rows
   * up by a key of their remote_data instead (the plan a stage belongs to: the list names the plan,
   * not its stages); the map is still by remote id. Unindexed: meant for small models.
   */
  stored?: (model: AtsModel, remoteIds: string[], columns: string[], options?: StoredLookup) => Promise<Map<string, Record<string, unknown>>>;
}

export interface StoredLookup {
  /** A top-level key of remote_data whose (text) value is one of the given ids. */
  by: string;
}

/** One thing a sync fetches: usually one partner list endpoint. */
export interface SyncStream<Raw = unknown> {
  /** Unique within the connector, e.g. "candidates". Positions are saved under this name. */
  readonly name: string;
  /** The models this stream writes; a FULL run's deletion sweep covers them when every page succeeded. */
  readonly models: readonly AtsModel[];
  /** Join tables whose member sets this stream gives. */
  readonly joins?: readonly JoinModel[];
  /** False when the partner has no way to fetch only changes; DELTA runs then fetch everything. */
  readonly supportsDelta: boolean;
  fetch(context: ConnectorContext, request: FetchRequest): AsyncIterable<RawPage<Raw>>;
  /** Pure: raw records of one page → normalized records. */
  map(records: Raw[]): MappedPage;
}
