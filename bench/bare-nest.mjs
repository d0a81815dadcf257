#!/usr/bin/env node
// The baseline of bench:leaderboard: a bare NestJS application on the same HTTP adapter as
// Jifen (Express), one GET route answering a fixed body — the leaderboard answer Jifen gave,
// read from a file — so the difference is what Jifen does per request (authentication,
// scoping, the ranked cache), not the size of the answer.
// Usage: node bench/bare-nest.mjs BODY.json (prints the port it listens on)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { ExpressAdapter } = require('@nestjs/platform-express');

const [bodyFile] = process.argv.slice(2);
const body = JSON.parse(readFileSync(bodyFile, 'utf8'));

class BareController {
  leaderboard() {
    return body;
  }
}
Controller()(BareController);
Get('leaderboard')(
  BareController.prototype,
  'leaderboard',
  Object.getOwnPropertyDescriptor(BareController.prototype, 'leaderboard'),
);
class BareModule {}
Module({ controllers: [BareController] })(BareModule);

const app = await NestFactory.create(BareModule, new ExpressAdapter(), { logger: false });
app.setGlobalPrefix('api');
await app.listen(0, '127.0.0.1');
console.log(`listening on ${app.getHttpServer().address().port}`);
