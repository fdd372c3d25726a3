import type { MappedPage } from '../../connector.js';
import type { AshbyScheduleRecord } from '../ashby.types.js';
import { date, mapEach, push, ref, text } from './common.js';

/** Every event of a schedule is one interview; its interviewers are the interview's team members. */
export function mapInterviews(records: AshbyScheduleRecord[]): MappedPage {
  const events = records.flatMap((r) => (r?.events ?? []).map((event) => ({ event, schedule: r.schedule, titles: r.interviewTitles })));
  return mapEach(events, 'interviews', (x) => x?.event?.id, ({ event: e, schedule, titles }, page) => {
    const { interviewEvents: _, ...scheduleData } = schedule;
    const userIds = e.interviewerUserIds?.length ? e.interviewerUserIds : (e.interviewers ?? []).map((i) => i?.id).filter((id): id is string => !!id);
    push(page, 'interviews', {
      remote_id: e.id,
      fields: {
        title: text(e.interview?.title) ?? (e.interviewId ? (titles?.[e.interviewId] ?? null) : null),
        starting_at: date(e.startTime),
        ending_at: date(e.endTime),
        location: text(e.location),
        video_conferencing_url: text(e.meetingLink),
        canceled: schedule.status == null ? null : schedule.status === 'Cancelled',
        custom_fields: { schedule_id: schedule.id, schedule_status: schedule.status ?? null },
        integration_fields: [],
        remote_created_at: date(e.createdAt),
        remote_updated_at: date(e.updatedAt),
      },
      refs: { application_id: ref('applications', schedule.applicationId), stage_id: ref('application_stages', schedule.interviewStageId) },
      remote_data: { ...e, schedule: scheduleData },
    });
    page.joins.push({
      join: 'interview_team_members',
      parent: { model: 'interviews', remote_id: e.id },
      members: [...new Set(userIds)].map((id) => ({ member: { model: 'users', remote_id: id } })),
    });
  });
}
