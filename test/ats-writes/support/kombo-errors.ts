import { KomboAtsError } from '@kombo-api/sdk/models/errors';

/** The Kombo SDK's typed error a call ends in (anything else, a schema error included, fails the test). */
export async function komboErrorDetail(call: Promise<unknown>): Promise<{ status: number; code: string | null; message: string }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof KomboAtsError)) throw new Error(`expected KomboAtsError, got ${(error as Error).name}: ${(error as Error).message}`);
    return { status: error.statusCode, code: error.error.code, message: error.error.message };
  }
  throw new Error('the call succeeded');
}

/** Its status and Kombo code. */
export async function komboError(call: Promise<unknown>): Promise<{ status: number; code: string | null }> {
  const { status, code } = await komboErrorDetail(call);
  return { status, code };
}
