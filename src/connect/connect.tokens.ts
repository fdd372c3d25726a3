/** The Connect module's own small pg pool (for the inbound-webhook secrets it issues). */
export const CONNECT_POOL = Symbol('CONNECT_POOL');
