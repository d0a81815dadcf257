import { QueryFailedError } from 'typeorm';
import { isConnectionLost } from './connection-lost';

const pgError = (code: string, message = 'x') =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));

describe('isConnectionLost', () => {
  it('knows a terminated backend, a shutdown and a refused connection', () => {
    expect(isConnectionLost(pgError('57P01', 'terminating connection due to administrator command'))).toBe(
      true,
    );
    expect(isConnectionLost(pgError('08006'))).toBe(true);
    expect(isConnectionLost(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isConnectionLost(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    const released = new Error('already released');
    released.name = 'QueryRunnerProviderAlreadyReleasedError';
    expect(isConnectionLost(released)).toBe(true);
  });

  it('leaves errors of the statement itself alone', () => {
    expect(isConnectionLost(pgError('23505', 'duplicate key value'))).toBe(false);
    expect(isConnectionLost(pgError('40P01', 'deadlock detected'))).toBe(false);
    expect(isConnectionLost(new Error('boom'))).toBe(false);
    expect(isConnectionLost('Connection terminated')).toBe(false);
  });
});
