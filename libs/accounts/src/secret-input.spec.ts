import { PassThrough } from 'node:stream';
import { describe, expect, it, jest } from '@jest/globals';
import { readPassword, SecretInputError } from './secret-input';

/** A terminal: raw mode switchable; whatever is written to `output` is what the user sees. */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: jest.fn() });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  return { io: { input, output }, input, shown: () => shown };
}

describe('readPassword', () => {
  it('asks twice on a terminal in raw mode and echoes nothing of what is typed', async () => {
    const { io, input, shown } = terminal();
    const read = readPassword(io, 'Password: ');
    input.write('s3cret-pa');
    input.write('x\u007fss\r');
    await new Promise((resolve) => setImmediate(resolve));
    input.write('s3cret-pass\n');
    await expect(read).resolves.toBe('s3cret-pass');
    expect(shown()).toBe('Password: \nThe same password again: \n');
    expect(input.setRawMode.mock.calls).toEqual([[true], [false], [true], [false]]);
  });

  it('refuses two different passwords, and Ctrl-C', async () => {
    const differ = terminal();
    const read = readPassword(differ.io);
    differ.input.write('first-password\r');
    await new Promise((resolve) => setImmediate(resolve));
    differ.input.write('second-password\r');
    await expect(read).rejects.toThrow(new SecretInputError('the two passwords differ'));

    const cancelled = terminal();
    const interrupted = readPassword(cancelled.io);
    cancelled.input.write('half\u0003');
    await expect(interrupted).rejects.toThrow('cancelled');
    expect(cancelled.input.setRawMode).toHaveBeenLastCalledWith(false);
  });

  it('reads the first line from a pipe, without its line ending, and refuses an empty pipe', async () => {
    const piped = new PassThrough();
    const read = readPassword({ input: piped, output: new PassThrough() });
    piped.end('piped-password\r\nignored second line\n');
    await expect(read).resolves.toBe('piped-password');

    const noNewline = new PassThrough();
    const last = readPassword({ input: noNewline, output: new PassThrough() });
    noNewline.end('no-newline-password');
    await expect(last).resolves.toBe('no-newline-password');

    const empty = new PassThrough();
    const nothing = readPassword({ input: empty, output: new PassThrough() });
    empty.end();
    await expect(nothing).rejects.toThrow('no password on standard input');
  });
});
