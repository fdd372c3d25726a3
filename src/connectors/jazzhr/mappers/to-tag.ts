import type { MappedPage, NormalizedRecord } from '../../connector.js';
import type { JazzCategory } from '../jazzhr.types.js';
import { mapEach, text } from './map-helpers.js';

/** JazzHR categories → tags. */
export function mapTags(records: JazzCategory[]): MappedPage {
  const tags: NormalizedRecord<'tags'>[] = [];
  const failures = mapEach('tags', records, (c) => c.id, (c, id) => {
    tags.push({ remote_id: id, fields: { name: text(c.name), remote_created_at: null, remote_updated_at: null }, remote_data: c });
  });
  return { records: { tags }, failures };
}
