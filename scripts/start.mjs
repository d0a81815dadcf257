#!/usr/bin/env node
// `npm start`: build, then run server, worker and wall in one process (JIFEN_ROLE=all by
// default) on the embedded database unless DATABASE_URL is set.
import { execFileSync, spawn } from 'node:child_process';

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const child = spawn(process.execPath, ['server/dist/main.js'], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
