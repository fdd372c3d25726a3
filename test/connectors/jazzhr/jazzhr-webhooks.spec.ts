import { jazzhrConnector } from '../../../src/connectors/jazzhr/jazzhr.connector.js';
import { EXPORT_LOOKUP_PREFIX, jazzSignature, parseExportLookup } from '../../../src/connectors/jazzhr/jazzhr.webhooks.js';

const webhooks = jazzhrConnector.webhooks!;
const SECRET = 'jazz-secret';
const exportBody = Buffer.from(JSON.stringify({ candidate: { person: { id: { value: 123456 }, name: { given: 'Jane', family: 'Doe' }, communication: { email: [{ address: 'jane@example.com' }] } } } }));
const headers = (over: Record<string, string | undefined> = {}) => ({ 'x-jazzhr-event': 'CANDIDATE-EXPORT', 'x-jazzhr-uuid': 'uuid-1', 'x-jazzhr-signature': jazzSignature(SECRET, exportBody), ...over });

describe('JazzHR Candidate Export webhook (pure)', () => {
  it('verifies the hex HMAC-SHA256 of the raw body with the secret; anything else is refused', () => {
    expect(webhooks.signatureHeader).toBe('X-JazzHR-Signature');
    expect(webhooks.verify({ headers: headers(), rawBody: exportBody }, SECRET)).toBe(true);
    expect(webhooks.verify({ headers: headers({ 'x-jazzhr-signature': jazzSignature(SECRET, exportBody).toUpperCase() }), rawBody: exportBody }, SECRET)).toBe(true);
    expect(webhooks.verify({ headers: headers(), rawBody: exportBody }, 'other-secret')).toBe(false);
    expect(webhooks.verify({ headers: headers(), rawBody: Buffer.concat([exportBody, Buffer.from(' ')]) }, SECRET)).toBe(false);
    expect(webhooks.verify({ headers: headers({ 'x-jazzhr-signature': 'not-hex' }), rawBody: exportBody }, SECRET)).toBe(false);
    expect(webhooks.verify({ headers: headers({ 'x-jazzhr-signature': jazzSignature(SECRET, exportBody).slice(0, 32) }), rawBody: exportBody }, SECRET)).toBe(false);
    expect(webhooks.verify({ headers: headers({ 'x-jazzhr-signature': undefined }), rawBody: exportBody }, SECRET)).toBe(false);
  });

  it('VERIFY is a ping; an export names its candidate by name and email (its ids are JazzHR-internal numbers), keyed by X-JazzHR-UUID', () => {
    expect(webhooks.parse({ headers: { 'x-jazzhr-event': 'VERIFY', 'x-jazzhr-uuid': 'v1' }, rawBody: Buffer.from('{"data":"JazzHR Verify Event"}') })).toEqual({ kind: 'ping', delivery_id: 'v1' });
    const parsed = webhooks.parse({ headers: headers(), rawBody: exportBody });
    expect(parsed).toEqual({ kind: 'event', delivery_id: 'uuid-1', event_type: 'CANDIDATE-EXPORT', refresh: [{ model: 'candidates', remote_id: expect.stringMatching(new RegExp(`^${EXPORT_LOOKUP_PREFIX}`)) }], deleted: [] });
    expect(parseExportLookup((parsed as { refresh: { remote_id: string }[] }).refresh[0].remote_id)).toEqual({ given: 'Jane', family: 'Doe', emails: ['jane@example.com'] });
    // Without the UUID header the body's hash names the delivery, so a resend is still one delivery.
    const noUuid = webhooks.parse({ headers: headers({ 'x-jazzhr-uuid': undefined }), rawBody: exportBody });
    expect(noUuid).toMatchObject({ kind: 'event', delivery_id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(webhooks.parse({ headers: headers({ 'x-jazzhr-uuid': undefined }), rawBody: exportBody })).toEqual(noUuid);
  });

  it('an export without name or email, or another event, is ignored with a reason', () => {
    const bare = Buffer.from(JSON.stringify({ candidate: { person: { name: { given: 'Jane' } } } }));
    expect(webhooks.parse({ headers: headers(), rawBody: bare })).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('name and email') });
    expect(webhooks.parse({ headers: headers({ 'x-jazzhr-event': 'SOMETHING-ELSE' }), rawBody: exportBody })).toMatchObject({ kind: 'ignored', event_type: 'SOMETHING-ELSE' });
    expect(parseExportLookup('prospect_1')).toBeNull();
  });
});
