import { Client } from 'pg';

/** The URL of database `name` on the server of `adminUrl` (same credentials and options). */
export function databaseUrlOn(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One connection to the maintenance database (to create and drop databases), closed after `fn`. */
export async function withAdminClient<T>(adminUrl: string, fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Whether process `pid` still runs: databases named after a gone process are leftovers. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
