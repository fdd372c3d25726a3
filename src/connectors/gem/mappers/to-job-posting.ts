import type { MappedPage, NormalizedRecord } from '../../connector.js';
import type { GemJobPost } from '../gem.types.js';
import { mapEach, remoteRecord, text } from './map-helpers.js';

/** Live and active: published and taking applications. Active but not live: not published yet. */
export function postingStatus(post: Pick<GemJobPost, 'live' | 'active'>): 'ACTIVE' | 'DRAFT' | 'INACTIVE' {
  if (post.active && post.live) return 'ACTIVE';
  return post.active ? 'DRAFT' : 'INACTIVE';
}

/** Gem job posts → job postings. The ATS API gives a post no URL: it comes from the job board, where the connection names one. */
export function mapJobPostings(records: GemJobPost[]): MappedPage {
  const postings: NormalizedRecord<'job_postings'>[] = [];
  const failures = mapEach('job_postings', records, (p) => p.id, (p, id) => {
    postings.push(
      remoteRecord(
        'job_postings',
        id,
        p,
        {
          title: text(p.title),
          description_html: text(p.content),
          status: postingStatus(p),
          visibility: p.live ? 'PUBLIC' : null,
          url: text(p.board_url),
          custom_fields: { live: p.live, active: p.active, first_published_at: p.first_published_at ?? null },
          integration_fields: [],
        },
        { refs: { job_id: p.job_id ? { model: 'jobs', remote_id: p.job_id } : null } },
      ),
    );
  });
  return { records: { job_postings: postings }, failures };
}
