import type { MappedPage } from '../../connector.js';
import { mapEach, push, text } from './common.js';

export function mapRejectionReasons(records: { id: string; text?: string | null }[]): MappedPage {
  return mapEach(records, 'rejection_reasons', (r) => r?.id, (r, page) => {
    push(page, 'rejection_reasons', { remote_id: r.id, fields: { name: text(r.text), remote_created_at: null, remote_updated_at: null }, remote_data: r });
  });
}

export function mapTags(records: { id: string; title?: string | null }[]): MappedPage {
  return mapEach(records, 'tags', (t) => t?.id, (t, page) => {
    push(page, 'tags', { remote_id: t.id, fields: { name: text(t.title), remote_created_at: null, remote_updated_at: null }, remote_data: t });
  });
}
