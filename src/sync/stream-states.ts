import type pg from 'pg';
import type { StreamPosition } from '../connectors/connector.js';

export interface StreamState {
  delta_position: StreamPosition | null;
  full_run_id: string | null;
  full_position: StreamPosition | null;
}

type Db = pg.Pool | pg.ClientBase;

/** Saved positions per (connection, stream). Writes happen inside the page's transaction. */
export const StreamStates = {
  async load(db: Db, connectionId: string, stream: string): Promise<StreamState> {
    const { rows } = await db.query<StreamState>(
      'SELECT delta_position, full_run_id, full_position FROM sync_stream_states WHERE connection_id = $1 AND stream = $2',
      [connectionId, stream],
    );
    return rows[0] ?? { delta_position: null, full_run_id: null, full_position: null };
  },

  /** A FULL pass committed a page: resume from here if the run is interrupted. */
  async saveFullProgress(db: Db, connectionId: string, stream: string, runId: string, position: StreamPosition): Promise<void> {
    await db.query(
      `INSERT INTO sync_stream_states (connection_id, stream, full_run_id, full_position)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (connection_id, stream) DO UPDATE
       SET full_run_id = EXCLUDED.full_run_id, full_position = EXCLUDED.full_position, updated_at = now()`,
      [connectionId, stream, runId, JSON.stringify(position)],
    );
  },

  /** A FULL pass completed: the next DELTA starts from its last position. */
  async completeFull(db: Db, connectionId: string, stream: string, deltaPosition: StreamPosition | null): Promise<void> {
    await db.query(
      `INSERT INTO sync_stream_states (connection_id, stream, delta_position, last_full_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (connection_id, stream) DO UPDATE
       SET delta_position = EXCLUDED.delta_position, full_run_id = NULL, full_position = NULL,
           last_full_at = now(), updated_at = now()`,
      [connectionId, stream, deltaPosition ? JSON.stringify(deltaPosition) : null],
    );
  },

  /** A DELTA committed a page: the next DELTA starts after it. */
  async saveDelta(db: Db, connectionId: string, stream: string, position: StreamPosition): Promise<void> {
    await db.query(
      `INSERT INTO sync_stream_states (connection_id, stream, delta_position) VALUES ($1, $2, $3)
       ON CONFLICT (connection_id, stream) DO UPDATE SET delta_position = EXCLUDED.delta_position, updated_at = now()`,
      [connectionId, stream, JSON.stringify(position)],
    );
  },
};
