import { RequestTally } from '../../src/sync/request-tally.js';

/** A worker process reports partner requests as sums per provider and status, not one message each. */
describe('RequestTally', () => {
  it('sends each provider and status once per flush with its count, and nothing when nothing is pending', () => {
    const sent: [string, number | 'network', number][] = [];
    const tally = new RequestTally((provider, status, n) => sent.push([provider, status, n]), 60_000);
    for (let i = 0; i < 250; i++) tally.add('ashby', 200);
    tally.add('ashby', 429);
    tally.add('gem', 'network');
    tally.add('ashby', 429);
    expect(sent).toEqual([]);
    tally.flush();
    expect(sent).toEqual([
      ['ashby', 200, 250],
      ['ashby', 429, 2],
      ['gem', 'network', 1],
    ]);
    tally.flush();
    expect(sent).toHaveLength(3);
    tally.add('ashby', 200);
    tally.flush();
    expect(sent[3]).toEqual(['ashby', 200, 1]);
  });

  it('flushes by itself after its interval', async () => {
    const sent: number[] = [];
    const tally = new RequestTally((_p, _s, n) => sent.push(n), 20);
    tally.add('ashby', 200);
    tally.add('ashby', 200);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(sent).toEqual([2]);
  });
});
