import type { JazzApplicantDetail, JazzApplicantSummary, JazzJob, JazzJobDetail } from '../jazzhr.types.js';
import type { ApplicantRow, JazzStore } from './sandbox-store.js';

/** An item of GET /applicants: no email, no address, only the latest job. */
export function applicantSummary(store: JazzStore, a: ApplicantRow): JazzApplicantSummary {
  const latest = store.of(a.id).jobs.at(-1);
  const job = latest ? store.job(latest.job_id) : undefined;
  return { id: a.id, first_name: a.first_name, last_name: a.last_name, prospect_phone: a.phone, apply_date: a.apply_date, job_id: job?.id ?? '', job_title: job?.title ?? '' };
}

/** GET /applicants/{id}: everything, with the jobs, activities, categories and comments joined in. */
export function applicantDetail(store: JazzStore, a: ApplicantRow): JazzApplicantDetail {
  const own = store.of(a.id);
  const categoryName = new Map(store.categories.map((c) => [c.id, c.name]));
  return {
    ...a,
    comments_count: String(own.notes.length),
    jobs: own.jobs.map((m) => {
      const job = store.job(m.job_id);
      return {
        job_id: m.job_id,
        job_title: job?.title ?? '',
        workflow_step_id: m.workflow_step_id,
        applicant_progress: store.step(m.workflow_step_id)?.workflow_step_name ?? '',
        hiring_lead_rating: Number(m.rating) || 0,
        average_rating: Number(m.rating) || 0,
      };
    }),
    activities: own.activities.map((x) => ({ id: x.id, activity: x.action, date: x.date, time: x.time })),
    categories: own.categories.map((c) => ({ id: c.category_id, name: categoryName.get(c.category_id) ?? '' })),
    comments: own.notes.map((n) => ({ id: n.id, contents: n.contents, user_id: n.user_id, date: n.date })),
  };
}

/** GET /jobs/{id}: the job with its applicants. */
export function jobDetail(store: JazzStore, job: JazzJob): JazzJobDetail {
  const applicants = store.applicants2jobs.filter((m) => m.job_id === job.id).map((m) => store.applicant(m.applicant_id)).filter((a): a is ApplicantRow => a !== undefined);
  return { ...job, job_applicants: applicants.map((a) => ({ applicant_id: a.id, first_name: a.first_name, last_name: a.last_name, apply_date: a.apply_date })) };
}
