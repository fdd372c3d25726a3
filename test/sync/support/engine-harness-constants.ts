/** Retries short enough for tests; shared by the in-process harness and the worker process. */
export const FAST_RETRY = { retries: 6, baseDelayMs: 5, maxDelayMs: 100 };
/** A patience window short enough for tests that want a stream to give up on a partner that keeps failing. */
export const FAST_PATIENCE = { windowMs: 1_000, firstWaitMs: 50, maxWaitMs: 200 };
