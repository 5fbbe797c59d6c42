// Prints a TEST_DATABASE_URL for a brand-new database on the local Postgres server, or nothing
// when no server answers on 127.0.0.1:5432 (the suite then runs on PGlite only).
import postgres from "postgres";

const server = process.env.CI_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const sql = postgres(server, { max: 1, connect_timeout: 3, onnotice: () => {} });
try {
  const name = `prism_ci_${Date.now()}_${process.pid}`;
  await sql.unsafe(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  process.stdout.write(url.toString());
} catch (err) {
  process.stderr.write(`[ci] no Postgres on ${server} (${err.code ?? err.message}); PGlite only\n`);
} finally {
  await sql.end({ timeout: 1 });
}
