import type pg from 'pg';
import type { DataSource } from 'typeorm';

/**
 * TypeORM's own pg pool. Hot statements (a page, a key lookup per request) go through it directly,
 * as named statements: TypeORM has none, and its query builder and runner cost more CPU per call
 * than the statement itself (a key lookup: ~380 µs through a repository, ~110 µs through the pool).
 */
export function poolOf(dataSource: DataSource): pg.Pool {
  return (dataSource.driver as unknown as { master: pg.Pool }).master;
}
