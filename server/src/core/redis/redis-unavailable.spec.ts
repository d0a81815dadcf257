import { isRedisUnavailable } from './redis-unavailable';

describe('isRedisUnavailable', () => {
  it('knows the errors ioredis rejects commands with while Redis is away', () => {
    const retries = new Error('Reached the max retries per request limit (which is 3).');
    retries.name = 'MaxRetriesPerRequestError';
    expect(isRedisUnavailable(retries)).toBe(true);
    expect(isRedisUnavailable(new Error('Connection is closed.'))).toBe(true);
  });

  it('leaves other errors alone, database ones included', () => {
    expect(isRedisUnavailable(new Error('WRONGTYPE Operation against a key'))).toBe(false);
    expect(isRedisUnavailable(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isRedisUnavailable('Connection is closed.')).toBe(false);
  });
});
