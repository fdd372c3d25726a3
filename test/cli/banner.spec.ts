import { serveBanner } from '../../src/cli/banner.js';

describe('serve banner', () => {
  const base = { adminKey: 'ats_admin_abc', dataDir: '/srv/.data', adminKeyGenerated: true };

  it('names the real address: every interface on 0.0.0.0, with the URL to use from this machine', () => {
    const text = serveBanner({ ...base, host: '0.0.0.0', adminKeyCreated: false }, 'http://127.0.0.1:3000');
    expect(text).toContain('ats-sync is listening on 0.0.0.0:3000 (every interface); from this machine: http://127.0.0.1:3000');
    expect(text).toContain('dashboard: http://127.0.0.1:3000/dashboard');
    expect(serveBanner({ ...base, host: '10.1.2.3', adminKeyCreated: false }, 'http://10.1.2.3:8080')).toContain('ats-sync is listening on http://10.1.2.3:8080\n');
  });

  it('prints the generated admin key on the start that created it only, then says where it is kept', () => {
    expect(serveBanner({ ...base, host: '0.0.0.0', adminKeyCreated: true }, 'http://127.0.0.1:3000')).toContain('  ats_admin_abc');
    const later = serveBanner({ ...base, host: '0.0.0.0', adminKeyCreated: false }, 'http://127.0.0.1:3000');
    expect(later).not.toContain('ats_admin_abc');
    expect(later).toContain('the "adminKey" in /srv/.data/secrets.json');
    expect(serveBanner({ ...base, adminKeyGenerated: false, host: '0.0.0.0' }, 'http://127.0.0.1:3000')).not.toContain('Admin API key');
  });
});
