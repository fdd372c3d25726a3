import type { AtsModel, MappedPage, ModelFields, ModelRefs, NormalizedRecord } from '../../connector.js';

/** An ISO timestamp as a Date; null when absent or unreadable. */
export function toDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `s` trimmed, or null when empty. */
export function text(s: string | null | undefined): string | null {
  const trimmed = typeof s === 'string' ? s.trim() : '';
  return trimmed === '' ? null : trimmed;
}

export type Failure = NonNullable<MappedPage['failures']>[number];

/** An id as a non-empty string, or null when there is no usable one. */
export function idValue(id: unknown): string | null {
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : null;
}

/**
 * Maps each raw record of `model` with `one`; a record that cannot be mapped (no id, or `one`
 * throws) becomes a failure with its model, id and reason (so a FULL sweep keeps its row), and the
 * rest of the page still maps.
 */
export function mapEach<Raw>(model: AtsModel, records: Raw[], idOf: (raw: Raw) => unknown, one: (raw: Raw, id: string) => void): Failure[] {
  const failures: Failure[] = [];
  for (const raw of records) {
    const id = idValue(raw == null ? null : idOf(raw));
    if (id === null) {
      failures.push({ model, remote_id: null, reason: `A ${model} record has no id.` });
      continue;
    }
    try {
      one(raw, id);
    } catch (error) {
      failures.push({ model, remote_id: id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return failures;
}

/** The common columns of a record mirrored from Gem. */
export function remoteRecord<M extends AtsModel>(
  model: M,
  id: string,
  raw: { created_at?: string | null; updated_at?: string | null; deleted_at?: string | null },
  fields: ModelFields<M>,
  extra: { refs?: ModelRefs<M>; remote_data?: unknown } = {},
): NormalizedRecord<M> {
  return {
    remote_id: id,
    fields: { remote_created_at: toDate(raw.created_at), remote_updated_at: toDate(raw.updated_at), ...fields },
    ...(extra.refs ? { refs: extra.refs } : {}),
    remote_data: extra.remote_data ?? raw,
    remote_deleted_at: toDate(raw.deleted_at),
  } as NormalizedRecord<M>;
}

/** Adds a record once per page (nested records such as rejection reasons repeat across parents). */
export function addOnce<M extends AtsModel>(list: NormalizedRecord<M>[], seen: Set<string>, record: NormalizedRecord<M>): void {
  if (seen.has(record.remote_id)) return;
  seen.add(record.remote_id);
  list.push(record);
}
