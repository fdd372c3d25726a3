/**
 * A partner sandbox: a simulator of one provider's real API (paths, auth, paging, errors, rate
 * limits and quirks), backed by deterministic generated data. The demo, the tests and the
 * benchmarks talk to it over real HTTP exactly as the connector talks to the real service.
 */
export interface SandboxOptions {
  port: number;
  host: string;
  /** Seed of the generated data: the same seed gives the same records. */
  seed: number;
  /** How many candidates to generate (other models scale with it). */
  candidates: number;
  /** The API key the sandbox accepts. */
  apiKey: string;
}

export interface RunningSandbox {
  /** Base URL to give a connection as `base_url`. */
  url: string;
  close(): Promise<void>;
}

export interface SandboxDefinition {
  provider: string;
  defaultPort: number;
  start(options: SandboxOptions): Promise<RunningSandbox>;
}
