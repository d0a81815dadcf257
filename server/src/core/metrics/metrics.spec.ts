import { Metrics } from './metrics';

const sample = (body: string, name: string) =>
  body
    .split('\n')
    .filter((l) => l.startsWith(name))
    .map((l) => l.slice(name.length));

describe('the metrics of one process', () => {
  it('counts ingested events by outcome and times the batch', async () => {
    const m = new Metrics();
    m.recordIngestBatch({ accepted: 480, duplicates: 15, rejected: [{}, {}, {}, {}, {}] }, 0.42);
    m.recordIngestBatch({ accepted: 20, duplicates: 0, rejected: [] }, 0.03);
    const { body } = await m.scrape();
    expect(sample(body, 'jifen_ingest_events_total')).toEqual([
      '{outcome="accepted"} 500',
      '{outcome="duplicate"} 15',
      '{outcome="rejected"} 5',
    ]);
    expect(sample(body, 'jifen_ingest_batch_duration_seconds_count')).toEqual([' 2']);
    expect(sample(body, 'jifen_ingest_batch_duration_seconds_bucket{le="0.05"}')).toEqual([' 1']);
  });

  it('reads queue depth, outbox lag and sockets from their sources at scrape time', async () => {
    const m = new Metrics();
    let lag = 7;
    m.watchOutboxConsumer('live', async () => lag);
    m.watchOutboxConsumer('notifications', async () => {
      throw new Error('database gone');
    });
    m.watchQueues(async () => ({ deadlines: { waiting: 3, failed: 1 } }));
    m.watchLiveSockets(() => 12);
    let { body } = await m.scrape();
    expect(sample(body, 'jifen_outbox_lag_rows')).toEqual([
      '{consumer="live"} 7',
      '{consumer="notifications"} -1',
    ]);
    expect(sample(body, 'jifen_queue_jobs')).toEqual([
      '{queue="deadlines",state="waiting"} 3',
      '{queue="deadlines",state="active"} 0',
      '{queue="deadlines",state="delayed"} 0',
      '{queue="deadlines",state="failed"} 1',
    ]);
    expect(sample(body, 'jifen_live_sockets')).toEqual([' 12']);
    lag = 0;
    ({ body } = await m.scrape());
    expect(sample(body, 'jifen_outbox_lag_rows{consumer="live"}')).toEqual([' 0']);
  });

  it('keeps two processes in one test run apart', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.recordIngestBatch({ accepted: 1, duplicates: 0, rejected: [] }, 0.01);
    expect(sample((await b.scrape()).body, 'jifen_ingest_events_total{outcome="accepted"}')).toEqual([]);
  });
});
