import { ConfigError, loadConfig } from './config/config';
import { PreflightError } from './core/preflight';
import { startJifen } from './jifen';

async function main(): Promise<void> {
  const config = loadConfig();
  const jifen = await startJifen(config);
  const lines = [''];
  if (jifen.url) {
    lines.push(
      `Jifen is running (${config.role}, ${config.database.driver === 'sqlite' ? `embedded database ${config.database.file}` : 'PostgreSQL'}).`,
    );
    if (jifen.demo) lines.push(`  Wall:     ${jifen.url}/wall?token=${jifen.demo.displayToken}`);
    lines.push(`  Console:  ${jifen.url}/console`);
    lines.push(`  API docs: ${jifen.url}/api/docs    Health: ${jifen.url}/api/health`);
  } else {
    lines.push(`Jifen worker is running (${config.database.driver}).`);
  }
  if (jifen.generatedAdminPassword)
    lines.push(
      `  Admin:    admin / ${jifen.generatedAdminPassword}   (generated now and shown only this once)`,
    );
  if (jifen.demo && 'supervisor' in jifen.demo) {
    lines.push(`  Demo supervisor: ${jifen.demo.supervisor.username} / ${jifen.demo.supervisor.password}`);
    lines.push(
      `  Demo officer:    ${jifen.demo.officer.username} / ${jifen.demo.officer.password} (badge ${jifen.demo.officer.badgeNo})`,
    );
  }
  if (jifen.demo) lines.push(`  Event simulator: about ${config.demoRate} event(s)/s (JIFEN_DEMO_RATE)`);
  if (config.logFormat === 'json') {
    // Log collectors read stdout line by line: the same facts, as one JSON entry.
    jifen.log.info(
      {
        role: config.role,
        database: config.database.driver,
        url: jifen.url,
        wall: jifen.demo ? `${jifen.url}/wall?token=${jifen.demo.displayToken}` : undefined,
        generatedAdminPassword: jifen.generatedAdminPassword ?? undefined,
      },
      'Jifen is running',
    );
  } else console.log(lines.join('\n') + '\n');
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof PreflightError) {
    console.error(`jifen: cannot start: ${e.message}`);
  } else {
    console.error(e);
  }
  process.exit(1);
});
