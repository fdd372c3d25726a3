import { applicationsModel } from './applications.model.js';
import { candidatesModel } from './candidates.model.js';
import { interviewsModel } from './interviews.model.js';
import { jobsModel } from './jobs.model.js';
import { offersModel } from './offers.model.js';
import { applicationStagesModel, jobPostingsModel, rejectionReasonsModel, tagsModel } from './simple.models.js';
import { usersModel } from './users.model.js';

export {
  applicationsModel,
  applicationStagesModel,
  candidatesModel,
  interviewsModel,
  jobPostingsModel,
  jobsModel,
  offersModel,
  rejectionReasonsModel,
  tagsModel,
  usersModel,
};
