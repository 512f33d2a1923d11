import { StringDecoder } from 'node:string_decoder';

/** Where a password is read from: a terminal (no echo) or a pipe; prompts go to `output`. */
export interface SecretInput {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: NodeJS.WritableStream;
}

export class SecretInputError extends Error {}

/**
 * A password from standard input, never from the command line (where `ps` shows it to every
 * user and the shell keeps it in its history): on a terminal it is asked for twice without echo;
 * from a pipe it is the first line.
 */
export async function readPassword(io: SecretInput, prompt = 'Password: '): Promise<string> {
  if (io.input.isTTY && typeof io.input.setRawMode === 'function') {
    const first = await readHidden(io, prompt);
    const again = await readHidden(io, 'The same password again: ');
    if (first !== again) throw new SecretInputError('the two passwords differ');
    return first;
  }
  return readFirstLine(io.input);
}

/** One line typed on a terminal in raw mode, nothing echoed; Ctrl-C or Ctrl-D cancels. */
function readHidden(io: SecretInput, prompt: string): Promise<string> {
  const { input, output } = io;
  // Raw mode before the prompt: nothing typed after the prompt appears is echoed.
  input.setRawMode!(true);
  output.write(prompt);
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let typed = '';
    const finish = (error: Error | null) => {
      input.removeListener('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of typeof chunk === 'string' ? chunk : decoder.write(chunk)) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003' || (char === '\u0004' && typed === '')) return finish(new SecretInputError('cancelled'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/** The first line of piped input (without its line ending); the rest is left unread. */
function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let text = '';
    const done = (error: Error | null) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('error', done);
      input.pause();
      if (error) reject(error);
      else resolve(text.replace(/\r?\n[\s\S]*$/, ''));
    };
    const onData = (chunk: Buffer | string) => {
      text += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (text.includes('\n')) done(null);
    };
    const onEnd = () => {
      text += decoder.end();
      done(text === '' ? new SecretInputError('no password on standard input') : null);
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', done);
    input.resume();
  });
}
