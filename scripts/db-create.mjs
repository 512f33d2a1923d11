// Creates the database named in DATABASE_URL when it does not exist yet.
import pg from 'pg';

const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/keywork');
const name = decodeURIComponent(url.pathname.slice(1));
if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing unusual database name ${name}`);
const admin = new URL(url);
admin.pathname = '/postgres';
const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
if (found.rowCount === 0) {
  await client.query(`CREATE DATABASE ${name}`);
  console.log(`Created database ${name}`);
}
await client.end();
