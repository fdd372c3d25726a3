import { cpus, totalmem } from 'node:os';
import type pg from 'pg';

/** One line saying what the figures were measured on. */
export async function describeMachine(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, PostgreSQL ${rows[0].server_version}, Node ${process.version}`;
}
