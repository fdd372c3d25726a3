import { refreshHires, type HireRecord } from '../hires/hires-refresh.js';
import { emit, emitMany } from '../outbound/outbox.js';
import type pg from 'pg';
import { candidateData, changedModels, integration, type IntegrationRef } from '../outbound/payloads.js';
import type { AppliedChange } from './inbound-processor.js';

/** application.hired for each hire that appeared, keyed on that appearance (a hire appears once per hiring). */
export async function emitHires(client: pg.ClientBase, ref: IntegrationRef, appeared: HireRecord[]): Promise<void> {
  await emitMany(client, 'application.hired', ref.connectionId, appeared, (hire) => ({ sourceKey: `hired:${hire.id}:${hire.changed_at}`, data: { ...integration(ref), hire } }));
}

/**
 * What an applied inbound event derives, in its transaction: the hires of the touched records, and
 * the outbound events (data-changed only when rows really changed; candidate.created / .deleted;
 * application.hired). Keyed on the inbound event, so a re-run writes nothing twice.
 */
export async function hiresAndOutbox(change: AppliedChange): Promise<void> {
  const { client, connectionId, eventId, touched } = change;
  const ref = { connectionId, provider: change.provider };
  const hires = await refreshHires(
    client,
    connectionId,
    { applicationIds: touched.applications, candidateIds: touched.candidates, jobIds: touched.jobs, offerIds: touched.offers },
    change.now,
  );
  const models = changedModels(change.counts);
  if (models.length > 0) {
    await emit(client, { type: 'data-changed', connectionId, sourceKey: `inbound:${eventId}:data-changed`, data: { ...integration(ref), changed_models: models } });
  }
  for (const [type, remoteIds] of [['candidate.created', change.createdCandidates], ['candidate.deleted', change.deletedCandidates]] as const) {
    await emitMany(client, type, connectionId, remoteIds, (remoteId) => ({ sourceKey: `inbound:${eventId}:${type}:${remoteId}`, data: candidateData(ref, remoteId) }));
  }
  await emitHires(client, ref, hires.appeared);
}
