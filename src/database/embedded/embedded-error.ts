/** A start-up failure of the embedded PostgreSQL, with a one-line message that says what to do. */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}
