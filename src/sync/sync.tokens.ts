/** The sync engine's own pg pool: bulk statements and advisory locks need plain clients. */
export const SYNC_POOL = Symbol('SYNC_POOL');
