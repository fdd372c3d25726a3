import { usability } from '../../src/connections/connection-usability.js';

describe('usability: may a connection sync or write', () => {
  it('only when enabled and ACTIVE', () => {
    expect(usability({ enabled: true, state: 'ACTIVE' })).toEqual({ usable: true });
    expect(usability({ enabled: false, state: 'ACTIVE' })).toEqual({ usable: false, reason: 'it is disabled' });
    expect(usability({ enabled: true, state: 'INVALID' })).toEqual({ usable: false, reason: 'its credentials were refused (state INVALID)' });
  });
});
