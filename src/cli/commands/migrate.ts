import type { RegisterCommand } from './index.js';

export const registerMigrate: RegisterCommand = (program, ctx) => {
  program
    .command('migrate')
    .description('apply database migrations (also done at every start)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { pool } = await ctx.db();
      const r = await pool.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
      const versions = r.rows.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`);
      if (opts.json) ctx.printJson({ migrations: versions });
      else ctx.print(`database is at migration ${versions[versions.length - 1] ?? '(none)'} (${versions.length} applied)`);
    });
};
