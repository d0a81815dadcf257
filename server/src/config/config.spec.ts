import { ConfigError, loadConfig } from './config';

describe('limits and hardening in the configuration', () => {
  it('has documented defaults (docs/SECURITY.md)', () => {
    const c = loadConfig({});
    expect(c.limits).toEqual({
      bodyBytes: 8 * 1024 * 1024,
      jsonDepth: 32,
      jsonKeys: 1000,
      liveMessagesPerMinute: 60,
    });
    expect(c.events).toEqual({ maxAgeDays: 1830, maxAheadMinutes: 10, maxPerBatch: 1000 });
    expect(c.login).toEqual({ maxFailures: 5, lockoutSeconds: 900 });
    expect(c.allowedOrigins).toEqual(['http://localhost:5173', 'http://127.0.0.1:5173']);
  });

  it('reads each from the environment', () => {
    const c = loadConfig({
      JIFEN_BODY_MAX_BYTES: '4096',
      JIFEN_JSON_MAX_DEPTH: '8',
      JIFEN_JSON_MAX_KEYS: '20',
      JIFEN_BATCH_MAX_EVENTS: '5',
      JIFEN_LIVE_MAX_MESSAGES_PER_MINUTE: '10',
      JIFEN_LOGIN_MAX_FAILURES: '3',
      JIFEN_LOGIN_LOCKOUT_SECONDS: '60',
      JIFEN_ALLOWED_ORIGINS: ' https://a.example.org , http://b.example.org:8080 ',
    });
    expect(c.limits).toEqual({ bodyBytes: 4096, jsonDepth: 8, jsonKeys: 20, liveMessagesPerMinute: 10 });
    expect(c.events.maxPerBatch).toBe(5);
    expect(c.login).toEqual({ maxFailures: 3, lockoutSeconds: 60 });
    expect(c.allowedOrigins).toEqual(['https://a.example.org', 'http://b.example.org:8080']);
    expect(loadConfig({ JIFEN_ALLOWED_ORIGINS: '' }).allowedOrigins).toEqual([]);
  });

  it.each([
    ['JIFEN_BODY_MAX_BYTES', '12'],
    ['JIFEN_JSON_MAX_DEPTH', '1'],
    ['JIFEN_JSON_MAX_KEYS', '0'],
    ['JIFEN_BATCH_MAX_EVENTS', 'many'],
    ['JIFEN_LIVE_MAX_MESSAGES_PER_MINUTE', '0'],
    ['JIFEN_LOGIN_MAX_FAILURES', '-1'],
    ['JIFEN_LOGIN_LOCKOUT_SECONDS', '1.5'],
    ['JIFEN_ALLOWED_ORIGINS', 'https://a.example.org/path'],
    ['JIFEN_ALLOWED_ORIGINS', '*'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}`));
  });
});
