import { Num, RecordResponse, Text } from './common.response.js';

export class ApplicationStageResponse extends RecordResponse {
  @Text('Technical interview') name: string | null;
  @Num(2) global_index: number | null;
}

export class RejectionReasonResponse extends RecordResponse {
  @Text('Not a fit for the role') name: string | null;
}

export class TagResponse extends RecordResponse {
  @Text('Referral') name: string | null;
}
