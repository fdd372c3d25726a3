import type { AtsModel, MappedPage, NormalizedRecord, RemoteRef } from '../../connector.js';
import type { AshbyCustomField } from '../ashby.types.js';

/** A Date from an ISO string (or a YYYY-MM-DD date); null for null, empty or unparsable values. */
export function date(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

export const ref = (model: AtsModel, remoteId: unknown): RemoteRef | null => (typeof remoteId === 'string' && remoteId !== '' ? { model, remote_id: remoteId } : null);

/** Ashby custom fields as `{title: value}`, the shape custom_fields has everywhere. */
export function customFields(fields: AshbyCustomField[] | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields ?? []) if (f && typeof f.title === 'string') out[f.title] = f.value ?? null;
  return out;
}

/** "LinkedIn" → "LINKEDIN", "Personal" → "PERSONAL". */
export const upper = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase() : null);

/**
 * Maps each raw record with `one`; a record that throws or has no id becomes a failure of the
 * page (naming its model, so a FULL sweep keeps the stored row) instead of failing the run.
 */
export function mapEach<Raw>(
  records: Raw[],
  model: AtsModel,
  idOf: (raw: Raw) => unknown,
  one: (raw: Raw, page: Required<Pick<MappedPage, 'records' | 'joins'>>) => void,
): MappedPage {
  const page: Required<MappedPage> = { records: {}, joins: [], failures: [], derived: [] };
  for (const raw of records) {
    const id = safeId(raw, idOf);
    try {
      if (!id) throw new Error('the record has no id');
      one(raw, page);
    } catch (error) {
      page.failures.push({ model, remote_id: id, reason: (error as Error).message });
    }
  }
  return page;
}

function safeId<Raw>(raw: Raw, idOf: (raw: Raw) => unknown): string | null {
  try {
    const id = idOf(raw);
    return typeof id === 'string' && id !== '' ? id : null;
  } catch {
    return null;
  }
}

export function push<M extends AtsModel>(page: Pick<MappedPage, 'records'>, model: M, record: NormalizedRecord<M>): void {
  ((page.records[model] ??= []) as NormalizedRecord<M>[]).push(record);
}
