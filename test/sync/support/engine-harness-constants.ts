/** Retries short enough for tests; shared by the in-process harness and the worker process. */
export const FAST_RETRY = { retries: 6, baseDelayMs: 5, maxDelayMs: 100 };
