import fc from 'fast-check';
import { JobIdError, fromQueueJobId, toQueueJobId } from './job-ids';

describe('deterministic job ids', () => {
  it('store without the colons BullMQ refuses, and read back as given', () => {
    expect(toQueueJobId('airing:2026-10')).toBe('airing|2026-10');
    expect(fromQueueJobId('airing|2026-10')).toBe('airing:2026-10');
  });

  it('map one-to-one: different ids never share a stored form', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_.@-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (parts) => {
        const id = parts.join(':');
        fc.pre(!/^\d+$/.test(id));
        const stored = toQueueJobId(id);
        return !stored.includes(':') && fromQueueJobId(stored) === id;
      }),
    );
  });

  it('refuse what would be ambiguous or that BullMQ rejects', () => {
    expect(() => toQueueJobId('a|b')).toThrow(JobIdError);
    expect(() => toQueueJobId('a::b')).toThrow(/bad segment ""/);
    expect(() => toQueueJobId('a b')).toThrow(JobIdError);
    expect(() => toQueueJobId('2026')).toThrow(/bare number/);
    expect(() => toQueueJobId('x'.repeat(241))).toThrow(/longer than 240/);
  });
});
