import { SetMetadata } from '@nestjs/common';

export const ACCESS_KEY = 'ats-sync:access';
export type Access = 'public' | 'admin' | 'any-key';

/** No key needed (health, metrics, docs). */
export const Public = () => SetMetadata(ACCESS_KEY, 'public' satisfies Access);
/** Management: the admin key only; a scoped key gets 403. */
export const AdminOnly = () => SetMetadata(ACCESS_KEY, 'admin' satisfies Access);
