import Ajv2019, { type ErrorObject } from 'ajv/dist/2019';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const DOCKER = __dirname;

/**
 * The Compose Specification's JSON schema, vendored unchanged in docker/compose-spec/. This
 * revision still marks sub-schemas with draft-04 `id` keywords and an `http:` meta-schema
 * URI that Ajv does not know; both are dropped from a copy before compiling so Ajv can run
 * in strict mode and refuse anything else it does not understand.
 */
function composeSchema(): object {
  const raw = JSON.parse(readFileSync(path.join(DOCKER, 'compose-spec', 'compose-spec.json'), 'utf8'));
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k, v]) => !(k === 'id' && typeof v === 'string') && k !== '$schema')
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  return strip(raw) as object;
}

/** Compose's own value formats, as compose-go checks them. */
const FORMATS = {
  // Go durations: 1m30s, 500ms, 2h
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  // [[ip:]host[-range]:]container[-range][/protocol]
  ports: /^((\d{1,3}(\.\d{1,3}){3}:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/,
};

let validator: ReturnType<Ajv2019['compile']> | null = null;
function validate(doc: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv2019({ allErrors: true, strictTypes: false, formats: FORMATS });
    validator = ajv.compile(composeSchema());
  }
  return validator(doc) ? [] : (validator.errors ?? []);
}

/**
 * `${VAR}`, `${VAR:-default}` and `${VAR:?message}` as Compose interpolates them before it
 * validates. A value that was one whole expression and comes out an integer becomes a
 * number, as Compose casts `replicas: ${N:-2}` for its integer fields.
 */
export function interpolate(node: unknown, env: Record<string, string>): unknown {
  if (Array.isArray(node)) return node.map((v) => interpolate(v, env));
  if (node !== null && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolate(v, env)]));
  if (typeof node !== 'string') return node;
  const out = node.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}/g,
    (_, name: string, op?: string, arg?: string) => {
      const value = env[name];
      if (value !== undefined && value !== '') return value;
      if (op === ':?') throw new Error(`${name}: ${arg}`);
      return op === ':-' ? (arg ?? '') : '';
    },
  );
  return /^\$\{[^}]+\}$/.test(node) && /^\d+$/.test(out) ? Number(out) : out;
}

export interface ComposeCheck {
  doc: Record<string, unknown>;
  errors: string[];
}

/** Parses a compose file (YAML anchors and `<<` merges), interpolates it, validates it. */
export function checkCompose(source: string, env: Record<string, string>): ComposeCheck {
  const doc = interpolate(parse(source, { merge: true }), env) as Record<string, unknown>;
  const errors = validate(doc).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  return { doc, errors };
}
