import pg from 'pg';

/**
 * A schema of its own in the test database, for tests whose assertions cover whole tables (a prune, a count) while
 * other test files use the same server at once: the URL it returns makes every connection use that schema first.
 * `drop()` removes it with everything in it.
 */
export async function isolatedSchema(url: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `${name}_${process.pid}_${Date.now()}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE SCHEMA ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return { url: scoped.toString(), drop: () => run(`DROP SCHEMA ${schema} CASCADE`) };
}
