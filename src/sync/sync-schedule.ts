import type pg from 'pg';
import { ConnectionsRepository } from '../connections/connections.repository.js';
import type { SyncType } from './sync-runs.repository.js';

/** Documented defaults of a connection's sync settings. */
export const DEFAULT_DELTA_MINUTES = 15;
export const DEFAULT_FULL_HOURS = 24;

export interface DueSync {
  connectionId: string;
  type: SyncType;
}

/** Connections due for a sync (see ConnectionsRepository.dueForSync for the rule). */
export async function findDueSyncs(db: pg.Pool | pg.ClientBase): Promise<DueSync[]> {
  const due = await new ConnectionsRepository(db).dueForSync({ fullHours: DEFAULT_FULL_HOURS, deltaMinutes: DEFAULT_DELTA_MINUTES });
  return due.map((r) => ({ connectionId: r.id, type: r.type }));
}
