/** Injection tokens for values created before Nest starts. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const SECRET_BOX = Symbol('SECRET_BOX');
/** The resolved database URL: DATABASE_URL or the embedded server's. */
export const DATABASE_URL = Symbol('DATABASE_URL');
/** provider → Connector: the registry, or what a test brings (createApp's `resolveConnector`). */
export const CONNECTOR_RESOLVER = Symbol('CONNECTOR_RESOLVER');
/** Partner HTTP options for API-side partner calls (writes): tests shorten timeouts and retries. */
export const CONNECTOR_HTTP = Symbol('CONNECTOR_HTTP');
