/** Kombo SDK list operations and the ats-sync path each one reads. */
export const KOMBO_LIST_OPERATIONS = [
  ['getUsers', 'users'],
  ['getJobs', 'jobs'],
  ['getCandidates', 'candidates'],
  ['getApplications', 'applications'],
  ['getApplicationStages', 'application-stages'],
  ['getInterviews', 'interviews'],
  ['getOffers', 'offers'],
  ['getRejectionReasons', 'rejection-reasons'],
  ['getTags', 'tags'],
] as const;
