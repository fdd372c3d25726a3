import { passthroughTarget } from '../../src/general-api/passthrough-target.js';

/** The rules that keep passthrough from being an open proxy, one by one. */
describe('passthroughTarget', () => {
  const auth = { headers: ['X-API-Key'], params: ['apikey'] };
  const target = (base: string, input: Parameters<typeof passthroughTarget>[1]) => passthroughTarget(base, input, auth);
  const problem = (result: ReturnType<typeof passthroughTarget>) => ('problems' in result ? result.problems.map((p) => p.field) : null);

  it('resolves a path under the base URL, keeping the base path (JazzHR’s /v1)', () => {
    const ok = target('https://api.resumatorapi.com/v1', { path: '/applicants/page/2', params: { status: 'new' } });
    expect('target' in ok && ok.target.url.toString()).toBe('https://api.resumatorapi.com/v1/applicants/page/2');
    expect('target' in ok && ok.target.params).toEqual({ status: 'new' });
  });

  it.each([
    ['/../v2/x'],
    ['/a/./b'],
    ['/%2e%2e/x'],
    ['/a%2Fb'],
    ['/a%5cb'],
    ['//other.example/x'],
    ['https://other.example/x'],
    ['x'],
    ['/a b'],
    ['/a?b=1'],
    ['/a#b'],
    ['/%zz'],
  ])('refuses the path %s', (path) => {
    expect(problem(target('https://api.resumatorapi.com/v1', { path }))).toEqual(['path']);
  });

  it('refuses the partner’s auth (header or query parameter), Host, Cookie and header injection', () => {
    expect(problem(target('https://api.gem.com', { path: '/x', headers: { 'x-api-key': 'k' } }))).toEqual(['headers.x-api-key']);
    expect(problem(target('https://api.gem.com', { path: '/x', headers: { Host: 'evil.example', Cookie: 'a=b', Authorization: 'Basic x' } }))).toEqual(['headers.Host', 'headers.Cookie', 'headers.Authorization']);
    expect(problem(target('https://api.gem.com', { path: '/x', headers: { 'X-Ok': 'a\r\nX-Evil: 1' } }))).toEqual(['headers.X-Ok']);
    expect(problem(target('https://api.gem.com', { path: '/x', params: { apikey: 'other' } }))).toEqual(['params.apikey']);
    expect(problem(target('https://api.gem.com', { path: '/x', params: { n: 5 as unknown as string } }))).toEqual(['params.n']);
    const fine = target('https://api.gem.com', { path: '/x', headers: { 'X-Request-Id': 'r1' } });
    expect('target' in fine && fine.target.headers).toEqual({ 'X-Request-Id': 'r1' });
  });
});
