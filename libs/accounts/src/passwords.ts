import bcrypt from 'bcryptjs';

/** bcrypt reads at most 72 bytes; a longer password would be silently cut, so it is refused. */
export const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_LENGTH = 8;

export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return 'must be a string';
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return `must be at most ${MAX_PASSWORD_BYTES} bytes (UTF-8)`;
  return null;
}

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

// A hash to compare against when the user does not exist, so both cases take the same time.
let decoy: Promise<string> | undefined;

/** Compares in constant time for a given cost; an unknown user (hash null) still pays the full cost. */
export async function verifyPassword(password: string, hash: string | null, cost: number): Promise<boolean> {
  if (hash === null) {
    decoy ??= bcrypt.hash('decoy-password-never-matches', cost);
    await bcrypt.compare(password, await decoy);
    return false;
  }
  return bcrypt.compare(password, hash);
}
