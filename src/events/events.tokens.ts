/** The events module's own pg pool (receiver, processing, outbox): kept apart so a slow sync never starves the receiver. */
export const EVENTS_POOL = Symbol('EVENTS_POOL');
