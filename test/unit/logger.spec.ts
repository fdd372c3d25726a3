import { Writable } from 'node:stream';
import { createLogger } from '../../src/common/logging/logger.js';

describe('log lines of errors', () => {
  const capture = () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    return { lines, logger: createLogger('info', destination) };
  };

  it('keep the cause of a database error and leave out the client pg attaches to it', () => {
    const { lines, logger } = capture();
    const error = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
      client: { connectionParameters: { user: 'postgres', database: 'ats_sync' }, processID: 42, secretKey: 12345 },
    });
    logger.error({ err: error }, 'queue error');
    const line = JSON.parse(lines[0]) as { msg: string; err: Record<string, unknown> };
    expect(line.msg).toBe('queue error');
    expect(line.err).toMatchObject({ type: 'Error', message: 'terminating connection due to administrator command', code: '57P01' });
    expect(line.err).not.toHaveProperty('client');
    expect(lines[0]).not.toContain('secretKey');
  });
});
