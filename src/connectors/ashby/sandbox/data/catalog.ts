/** Fixed vocabularies of the generated organisation (names as real Ashby accounts use them). */

export const DEPARTMENTS = [
  ['Engineering', -1],
  ['Platform', 0],
  ['Product Engineering', 0],
  ['Product', -1],
  ['Design', 3],
  ['Sales', -1],
  ['Customer Success', 5],
  ['Marketing', -1],
  ['People', -1],
  ['Finance', -1],
] as const;

export const LOCATIONS = [
  ['Remote (US)', 'Remote', 'US', null, null],
  ['Remote (EU)', 'Remote', 'DE', null, null],
  ['New York', 'Hybrid', 'US', 'NY', 'New York'],
  ['San Francisco', 'OnSite', 'US', 'CA', 'San Francisco'],
  ['London', 'Hybrid', 'GB', 'England', 'London'],
  ['Berlin', 'Hybrid', 'DE', 'Berlin', 'Berlin'],
  ['Toronto', 'OnSite', 'CA', 'ON', 'Toronto'],
  ['Austin', 'OnSite', 'US', 'TX', 'Austin'],
  ['Dublin', 'Hybrid', 'IE', 'Leinster', 'Dublin'],
  ['Singapore', 'OnSite', 'SG', null, 'Singapore'],
] as const;

export const SOURCE_TYPES = ['Inbound', 'Outbound', 'Referral', 'Agency'] as const;
export const SOURCES = [
  ['Applied', 0],
  ['LinkedIn Jobs', 0],
  ['Company Website', 0],
  ['Indeed', 0],
  ['Wellfound', 0],
  ['LinkedIn Sourcing', 1],
  ['Gem', 1],
  ['GitHub', 1],
  ['Employee Referral', 2],
  ['Hired Agency', 3],
  ['Conference', 1],
  ['Old Job Board', 0],
] as const;
/** Sources at these indexes are archived. */
export const ARCHIVED_SOURCES = new Set([11]);

export const ARCHIVE_REASONS = [
  ['Lacks Skills/Qualifications', 'RejectedByOrg'],
  ['Not a culture add', 'RejectedByOrg'],
  ['Position filled', 'RejectedByOrg'],
  ['Compensation mismatch', 'RejectedByCandidate'],
  ['Accepted another offer', 'RejectedByCandidate'],
  ['Withdrew', 'RejectedByCandidate'],
  ['Unresponsive', 'Other'],
  ['Duplicate', 'Other'],
  ['Location no longer supported', 'RejectedByOrg'],
] as const;
export const ARCHIVED_REASONS = new Set([8]);

export const HIRING_TEAM_ROLES = ['Hiring Manager', 'Recruiter', 'Coordinator', 'Sourcer'] as const;

export const TAGS = [
  'Strong referral', 'Silver medalist', 'Do not contact', 'Boomerang', 'Diversity pipeline', 'Senior',
  'Staff+', 'New grad', 'Visa sponsorship', 'Relocation', 'Top school', 'Open source', 'Ex-FAANG',
  'Leadership', 'Needs follow-up', 'Hackathon 2025', 'Conference lead', 'Internal', 'Contractor',
  'Legacy import',
] as const;
export const ARCHIVED_TAGS = new Set([19]);

export const JOB_TITLES = [
  'Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager', 'Site Reliability Engineer',
  'Data Engineer', 'Machine Learning Engineer', 'Product Manager', 'Senior Product Designer', 'Account Executive',
  'Sales Development Representative', 'Customer Success Manager', 'Marketing Manager', 'Recruiter',
  'Financial Analyst', 'Security Engineer', 'Frontend Engineer', 'Solutions Engineer',
] as const;

export const EMPLOYMENT_TYPES = ['FullTime', 'FullTime', 'FullTime', 'PartTime', 'Contract', 'Intern', 'Temporary'] as const;

/** Interview plan template: Ashby stage types in plan order; the middle "Active" block varies per job. */
export const ACTIVE_STAGE_TITLES = ['Recruiter Screen', 'Technical Interview', 'Take-home Review', 'Onsite', 'Reference Check'];

export const SCHEDULE_STATUSES_DONE = ['Complete', 'Complete', 'Complete', 'Cancelled'] as const;
export const SCHEDULE_STATUSES_OPEN = ['Scheduled', 'WaitingOnFeedback', 'NeedsScheduling', 'WaitingOnCandidateBooking'] as const;

export const CURRENCIES = ['USD', 'USD', 'USD', 'EUR', 'GBP', 'CAD'] as const;
