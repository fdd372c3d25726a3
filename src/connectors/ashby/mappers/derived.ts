import type { DerivedColumn } from '../../connector.js';

/**
 * Ashby copies a candidate's first application's source onto the candidate, but not always (imports
 * have none). The writer fills it from the stored applications instead of one application.info per
 * candidate: both the candidates and the applications pages carry the rule.
 */
export const CANDIDATE_SOURCE: DerivedColumn = {
  model: 'candidates',
  column: 'source',
  from: { model: 'applications', ref: 'candidate_id', value: { column: 'custom_fields', key: 'source' }, pick: { by: ['remote_created_at'], order: 'first' } },
  mode: 'when-present',
};

/**
 * A job's description is its most recent live posting's (latest publishedDate, then latest update),
 * which the job_postings stream already fetched: no jobPosting.info per job.
 */
export const JOB_DESCRIPTION: DerivedColumn = {
  model: 'jobs',
  column: 'description',
  from: {
    model: 'job_postings',
    ref: 'job_id',
    value: { column: 'description_html' },
    where: { column: 'status', equals: 'ACTIVE' },
    pick: { by: ['remote_created_at', 'remote_updated_at'], order: 'last' },
  },
  mode: 'always',
};
