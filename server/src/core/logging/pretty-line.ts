/**
 * One pino JSON line as a person reads it at a terminal:
 * `08:15:02 WARN  relay: lease lost  {"owner":"…"}`. Fields every line has (time, level,
 * pid) and a request line's req/res (its message says them) are left out; the rest follow
 * the message, and a stack goes below it.
 */
const ALWAYS = new Set(['time', 'level', 'pid', 'hostname', 'msg', 'context', 'stack', 'err', 'req', 'res']);

export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : json + '\n';
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const level = String(entry.level ?? 'info')
    .toUpperCase()
    .padEnd(5);
  const context = entry.context ? `${String(entry.context)}: ` : '';
  const rest = Object.fromEntries(Object.entries(entry).filter(([k]) => !ALWAYS.has(k)));
  const extra = Object.keys(rest).length ? `  ${JSON.stringify(rest)}` : '';
  const err = entry.err as { stack?: string } | undefined;
  const stack = typeof entry.stack === 'string' ? entry.stack : err?.stack;
  return `${time} ${level} ${context}${String(entry.msg ?? '')}${extra}\n${stack ? stack + '\n' : ''}`;
}
