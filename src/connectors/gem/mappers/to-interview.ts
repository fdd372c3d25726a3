import type { JoinSet, MappedPage, NormalizedRecord } from '../../connector.js';
import type { GemScheduledInterview } from '../gem.types.js';
import { mapEach, remoteRecord, text, toDate } from './map-helpers.js';

/** A scheduled interview with the job stage it belongs to (found through the stages' interview plans). */
export interface GemInterviewWithStage {
  interview: GemScheduledInterview;
  stageId: string | null;
}

/**
 * Gem scheduled interviews → interviews and interview_team_members (the interviewers). Gem has no
 * cancelled status: a cancelled interview is removed, i.e. arrives with deleted_at.
 */
export function mapInterviews(records: GemInterviewWithStage[]): MappedPage {
  const interviews: NormalizedRecord<'interviews'>[] = [];
  const joins: JoinSet[] = [];
  const failures = mapEach('interviews', records, (r) => r?.interview?.id, ({ interview: i, stageId }, id) => {
    interviews.push(
      remoteRecord(
        'interviews',
        id,
        i,
        {
          title: text(i.interview?.name),
          starting_at: toDate(i.start?.date_time),
          ending_at: toDate(i.end?.date_time),
          location: text(i.location),
          video_conferencing_url: text(i.video_conferencing_url),
          canceled: Boolean(i.deleted_at),
          custom_fields: { status: i.status ?? null, organizer_id: i.organizer?.id ?? null, external_event_id: i.external_event_id ?? null },
          integration_fields: [],
        },
        {
          refs: {
            application_id: i.application_id ? { model: 'applications', remote_id: i.application_id } : null,
            stage_id: stageId ? { model: 'application_stages', remote_id: stageId } : null,
          },
          remote_data: i,
        },
      ),
    );
    // A deleted interview keeps no interviewers: the empty set removes the ones it had.
    const users = i.deleted_at ? [] : [...new Set((i.interviewers ?? []).map((u) => u?.id).filter((u): u is string => Boolean(u)))];
    joins.push({
      join: 'interview_team_members',
      parent: { model: 'interviews', remote_id: id },
      members: users.map((u) => ({ member: { model: 'users', remote_id: u } })),
    });
  });
  return { records: { interviews }, joins, failures };
}
