const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
// PostgreSQL's timestamptz reaches further, but years 1–9999 are what ISO 8601 writes in four
// digits; year 0 (or an offset that lands before year 1) would fail in the database instead.
const EARLIEST = new Date('0001-01-01T00:00:00Z').getTime();
const LATEST = new Date('9999-12-31T23:59:59.999Z').getTime();

export const DATE_TIME_PROBLEM = 'must be an ISO 8601 date-time with a zone, years 0001 to 9999, such as 2026-01-31T12:00:00.000Z';

/** An ISO 8601 date-time with a zone in years 0001–9999 as a Date; anything else undefined. */
export function parseDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) || time < EARLIEST || time > LATEST ? undefined : new Date(time);
}
