/**
 * Imported first by main.ts, before any schema exists: zod decides when it builds an object
 * schema whether to compile a parser with `new Function`, after probing whether it may. Under
 * the content security policy (no 'unsafe-eval', docs/SECURITY.md) that probe is reported as a
 * violation although zod falls back. `jitless` skips it. zod keeps its configuration on this
 * global so that every copy of it shares one; setting it before zod loads is the only way to
 * be earlier than the schemas of @jifen/shared. The server keeps the compiled, faster path.
 */
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, jitless: true };

export {};
