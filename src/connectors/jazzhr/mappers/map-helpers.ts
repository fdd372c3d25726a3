import type { AtsModel, MappedPage, ModelFields, ModelRefs, NormalizedRecord } from '../../connector.js';

/** A JazzHR date ("YYYY-MM-DD", or "YYYY-MM-DD HH:MM:SS", taken as UTC); null for "", "0000-00-00" or junk. */
export function jazzDate(value: string | null | undefined): Date | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!match || match[1] === '0000') return null;
  const [, y, m, d, hh = '00', mm = '00', ss = '00'] = match;
  const date = new Date(`${y}-${m}-${d}T${hh}:${mm}:${ss}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `s` trimmed, or null when empty (JazzHR sends "" for every missing value). */
export function text(s: unknown): string | null {
  const trimmed = typeof s === 'string' ? s.trim() : typeof s === 'number' ? String(s) : '';
  return trimmed === '' ? null : trimmed;
}

export type Failure = NonNullable<MappedPage['failures']>[number];

/**
 * Maps each raw record with `one`; a record without an id, or one `one` throws on, becomes a
 * failure (with its id where known, so a FULL sweep keeps its row) and the rest still maps.
 */
export function mapEach<Raw>(model: AtsModel, records: Raw[], idOf: (raw: Raw) => unknown, one: (raw: Raw, id: string) => void): Failure[] {
  const failures: Failure[] = [];
  for (const raw of records) {
    const rawId = raw == null ? null : idOf(raw);
    const id = typeof rawId === 'string' && rawId !== '' ? rawId : typeof rawId === 'number' ? String(rawId) : null;
    if (id === null) {
      failures.push({ model, remote_id: null, reason: `A JazzHR ${model} record has no id.` });
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

/** A record with JazzHR's dates: it has creation dates only (no updated_at anywhere in v1). */
export function jazzRecord<M extends AtsModel>(model: M, id: string, createdAt: string | null | undefined, fields: ModelFields<M>, extra: { refs?: ModelRefs<M>; remote_data: unknown }): NormalizedRecord<M> {
  return {
    remote_id: id,
    fields: { remote_created_at: jazzDate(createdAt), remote_updated_at: null, ...fields },
    ...(extra.refs ? { refs: extra.refs } : {}),
    remote_data: extra.remote_data,
  } as NormalizedRecord<M>;
}
