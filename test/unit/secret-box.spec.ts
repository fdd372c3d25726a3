import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { generateToken, hashToken, tokensEqual } from '../../src/common/crypto/token-hash.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips and never contains the plaintext', () => {
    const sealed = box.seal('{"api_key":"super-secret-value"}', 'conn-1');
    expect(sealed).not.toContain('super-secret-value');
    expect(box.open(sealed, 'conn-1')).toBe('{"api_key":"super-secret-value"}');
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('same', 'a')).not.toBe(box.seal('same', 'a'));
  });

  it('refuses a ciphertext moved to another owner, a tampered one, and another key', () => {
    const sealed = box.seal('secret', 'conn-1');
    expect(() => box.open(sealed, 'conn-2')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64');
    body[0] ^= 1;
    expect(() => box.open([...parts.slice(0, 3), body.toString('base64')].join('.'), 'conn-1')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'conn-1')).toThrow();
  });

  it('requires a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow('32-byte');
  });
});

describe('token hashing', () => {
  it('hashes one-way and compares', () => {
    const token = generateToken('ats_sk_');
    expect(token.startsWith('ats_sk_')).toBe(true);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(token, generateToken('ats_sk_'))).toBe(false);
  });
});
