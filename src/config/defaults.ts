/**
 * Defaults needed outside the configuration loader too (the sync worker process reads this file
 * without loading the validators of environment.ts).
 */

/** The sync worker process's heap cap when ATS_SYNC_WORKER_HEAP_MB is unset (docs/benchmarks.md, "Memory"). */
export const DEFAULT_SYNC_WORKER_HEAP_MB = 128;
