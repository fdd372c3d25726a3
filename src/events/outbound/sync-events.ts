import type pg from 'pg';
import type { RowChanges } from '../../sync/record-writer.js';
import type { SyncRun } from '../../sync/sync-runs.repository.js';
import { emit, emitMany } from './outbox.js';
import { candidateData, changedModels, integration, type IntegrationRef } from './payloads.js';

/**
 * What a sync run announces, each in the transaction that made the change: the sync engine calls
 * these with its own client, so the events commit (or roll back) with the rows and the run state.
 */

/**
 * candidate.created for each candidate row a batch inserted (first time seen), candidate.deleted
 * for each live candidate it (or a FULL's sweep) marked deleted. Keyed on the row's cause: a
 * candidate is created once per connection; a deletion once per run (a candidate restored and
 * deleted again in a later run is a new deletion). Nothing is built when nobody subscribes.
 */
export async function announceSyncCandidates(client: pg.ClientBase, ref: IntegrationRef, runId: string, changes: RowChanges): Promise<void> {
  const created = changes.created.candidates ?? [];
  const deleted = changes.deleted.candidates ?? [];
  await emitMany(client, 'candidate.created', ref.connectionId, created, (remoteId) => ({
    sourceKey: `sync-candidate:${ref.connectionId}:${remoteId}:created`,
    data: candidateData(ref, remoteId),
  }));
  await emitMany(client, 'candidate.deleted', ref.connectionId, deleted, (remoteId) => ({
    sourceKey: `sync-candidate:${ref.connectionId}:${remoteId}:deleted:${runId}`,
    data: candidateData(ref, remoteId),
  }));
}

/**
 * Kombo's sync-finished, and data-changed with the changed models when the run's counts say rows
 * changed, in the transaction that marks the run finished (after SyncRuns.finish, which it reads).
 * Keyed on the run: a run finishes once.
 */
export async function announceSyncFinished(client: pg.ClientBase, runId: string): Promise<void> {
  const { rows } = await client.query<SyncRun & { provider: string; name: string | null }>(
    `SELECT r.*, c.provider, c.name FROM sync_runs r JOIN connections c ON c.id = r.connection_id WHERE r.id = $1`,
    [runId],
  );
  const run = rows[0];
  if (!run?.finished_at) return;
  const ref = { connectionId: run.connection_id, provider: run.provider };
  const models = changedModels(run.counts ?? {});
  if (models.length > 0) {
    await emit(client, { type: 'data-changed', connectionId: ref.connectionId, sourceKey: `sync:${run.id}:data-changed`, data: { ...integration(ref), changed_models: models } });
  }
  const started = run.started_at ?? run.created_at;
  await emit(client, {
    type: 'sync-finished',
    connectionId: ref.connectionId,
    sourceKey: `sync:${run.id}`,
    data: {
      sync_id: run.id,
      sync_state: run.state,
      sync_started_at: started.toISOString(),
      sync_ended_at: run.finished_at.toISOString(),
      sync_duration_seconds: Math.max(0, Math.round((run.finished_at.getTime() - started.getTime()) / 1000)),
      ...integration(ref),
      end_user: { organization_name: run.name ?? '', creator_email: null, origin_id: null },
      log_url: `/v1/syncs/${run.id}`,
    },
  });
}
