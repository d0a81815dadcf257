import { indexHandlers, type AnyJobHandler } from './on-job';

const noop: AnyJobHandler = async () => undefined;

describe('one handler per job', () => {
  it('indexes each declared job with its handler', () => {
    const handlers = indexHandlers(
      ['deadlineSweep', 'outboxPrune'],
      [
        { key: 'deadlineSweep', handler: noop, owner: 'DeadlineSweeper.sweep' },
        { key: 'outboxPrune', handler: noop, owner: 'OutboxPruner.prune' },
      ],
    );
    expect([...handlers.keys()]).toEqual(['deadlineSweep', 'outboxPrune']);
  });

  it('refuses to start with a job that has no handler, naming it', () => {
    expect(() =>
      indexHandlers(
        ['deadlineSweep', 'notifyEmail'],
        [{ key: 'deadlineSweep', handler: noop, owner: 'DeadlineSweeper.sweep' }],
      ),
    ).toThrow('jobs without a handler: notifyEmail');
  });

  it('refuses to start with two handlers for one job, naming both', () => {
    expect(() =>
      indexHandlers(
        ['notifyEmail'],
        [
          { key: 'notifyEmail', handler: noop, owner: 'A.send' },
          { key: 'notifyEmail', handler: noop, owner: 'B.send' },
        ],
      ),
    ).toThrow('job notifyEmail has two handlers: A.send and B.send');
  });
});
