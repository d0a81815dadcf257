#!/usr/bin/env node
// Builds the shared contract, the server and the web app, in dependency order.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
run('npx', ['tsc', '-b', 'shared/tsconfig.lib.json', 'server/tsconfig.app.json']);
if (existsSync('web/vite.config.ts')) run('npm', ['run', 'build', '--silent', '-w', 'web']);
