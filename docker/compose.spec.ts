import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DOCKER, checkCompose } from './compose-file';

const source = readFileSync(path.join(DOCKER, 'compose.yaml'), 'utf8');
const SECRETS = {
  POSTGRES_PASSWORD: 'pg-secret',
  JIFEN_JWT_SECRET: 'j'.repeat(32),
  JIFEN_ADMIN_PASSWORD: 'admin-secret-pw',
};

type Service = {
  image?: string;
  build?: { target?: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  volumes?: string[];
  healthcheck?: { disable?: boolean };
  ports?: string[];
};
const services = (doc: Record<string, unknown>) => doc.services as Record<string, Service>;

describe('docker/compose.yaml', () => {
  it('is valid against the Compose Specification once interpolated', () => {
    expect(checkCompose(source, SECRETS).errors).toEqual([]);
  });

  it('refuses to start without the secrets it needs, naming them', () => {
    expect(() => checkCompose(source, {})).toThrow(/POSTGRES_PASSWORD: set POSTGRES_PASSWORD/);
    expect(() => checkCompose(source, { ...SECRETS, JIFEN_JWT_SECRET: '' })).toThrow(/JIFEN_JWT_SECRET/);
  });

  // Each row: what is broken, the text replaced, its broken form, the error that names it.
  it.each([
    [
      'a misspelt service key',
      '    expose:\n',
      '    exposes:\n',
      '/services/api must NOT have additional properties',
    ],
    [
      'replicas that are not a number',
      '${JIFEN_API_REPLICAS:-2}',
      'two',
      '/services/api/deploy/replicas must be integer',
    ],
    [
      'a health check interval Compose cannot read',
      'interval: 5s',
      'interval: 5 seconds',
      '/services/postgres/healthcheck/interval must match format "duration"',
    ],
    [
      'a port mapping that is not one',
      "'${JIFEN_HTTP_PORT:-80}:80'",
      "'eighty:80'",
      '/services/proxy/ports/0 must match format "ports"',
    ],
  ])('a deliberately broken copy fails: %s', (_what, from, to, error) => {
    expect(source).toContain(from);
    expect(checkCompose(source.replace(from, to), SECRETS).errors).toContain(error);
  });

  describe('the topology', () => {
    const doc = checkCompose(source, SECRETS).doc;
    const s = services(doc);

    it('runs API and worker replicas from one image, told apart by JIFEN_ROLE', () => {
      expect(s.api.image).toBe(s.worker.image);
      expect(s.api.build).toEqual(s.worker.build);
      expect(s.api.build?.target).toBe('app');
      expect(s.api.environment?.JIFEN_ROLE).toBe('api');
      expect(s.worker.environment?.JIFEN_ROLE).toBe('worker');
      expect(s.api.deploy?.replicas).toBe(2);
      expect(s.worker.deploy?.replicas).toBe(1);
      expect(checkCompose(source, { ...SECRETS, JIFEN_API_REPLICAS: '6' }).doc).toMatchObject({
        services: { api: { deploy: { replicas: 6 } } },
      });
      // the worker serves no HTTP, so the image's /api/health check does not apply to it
      expect(s.worker.healthcheck).toEqual({ disable: true });
    });

    it('gives every replica the same database, Redis, prefix and signing secret', () => {
      for (const key of ['DATABASE_URL', 'REDIS_URL', 'JIFEN_REDIS_PREFIX', 'JIFEN_JWT_SECRET'])
        expect(s.api.environment?.[key]).toBe(s.worker.environment?.[key]);
      expect(s.api.environment?.DATABASE_URL).toBe('postgres://jifen:pg-secret@postgres:5432/jifen');
    });

    it('keeps Postgres on a volume and Redis append-only, refusing writes rather than evicting', () => {
      expect(s.postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
      expect(s.redis.volumes).toContain('redis-data:/data');
      const args = s.redis.command!.join(' ');
      expect(args).toContain('--appendonly yes');
      expect(args).toContain('--maxmemory-policy noeviction');
      expect(Object.keys(doc.volumes as object)).toEqual(['postgres-data', 'redis-data']);
    });

    it('publishes only the proxy', () => {
      expect(
        Object.entries(s)
          .filter(([, v]) => v.ports)
          .map(([k]) => k),
      ).toEqual(['proxy']);
      expect(s.proxy.build?.target).toBe('proxy');
    });
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = readFileSync(path.join(DOCKER, 'Dockerfile'), 'utf8');
  const stage = (name: string) => {
    const start = dockerfile.search(new RegExp(`^FROM \\S+ AS ${name}$`, 'm'));
    expect(start).toBeGreaterThanOrEqual(0);
    const next = dockerfile.slice(start + 1).search(/^FROM /m);
    return next < 0 ? dockerfile.slice(start) : dockerfile.slice(start, start + 1 + next);
  };

  it('builds in one stage and runs from a slim one, as a user that is not root', () => {
    expect(stage('build')).toMatch(/RUN node scripts\/build\.mjs/);
    const app = stage('app');
    expect(app).toMatch(/^FROM node:\d+-bookworm-slim AS app$/m);
    expect(app).not.toMatch(/g\+\+|npm install/);
    expect(app).toMatch(/^USER node$/m);
    expect(app).toMatch(/^HEALTHCHECK .*\/api\/health/ms);
    expect(app).toMatch(/^CMD \["node", "server\/dist\/main\.js"\]$/m);
  });

  it('puts the built web app and the nginx configuration into the proxy image', () => {
    const proxy = stage('proxy');
    expect(proxy).toContain('COPY docker/nginx.conf /etc/nginx/conf.d/default.conf');
    expect(proxy).toContain('COPY --from=build /src/web/dist /usr/share/nginx/html');
  });
});

describe('docker/nginx.conf', () => {
  const conf = readFileSync(path.join(DOCKER, 'nginx.conf'), 'utf8');
  const location = (prefix: string) => {
    const m = new RegExp(`location ${prefix.replace(/[/.]/g, '\\$&')} \\{([^}]*)\\}`).exec(conf);
    expect(m).not.toBeNull();
    return m![1];
  };

  it('upgrades the live feed to a websocket and forwards /api to the API replicas', () => {
    const live = location('/socket.io/');
    expect(live).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(live).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(live).toMatch(/proxy_pass http:\/\/jifen_api;/);
    expect(location('/api/')).toMatch(/proxy_pass http:\/\/jifen_api;/);
    expect(conf).toMatch(/server api:3000 resolve;/);
  });

  it('serves the web app with deep links and keeps /metrics off the public entry', () => {
    expect(location('/')).toMatch(/try_files \$uri \/index\.html;/);
    expect(location('= /metrics')).toMatch(/return 404;/);
  });
});
