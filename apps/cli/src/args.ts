/** Minimal `--name value` / `--flag` parsing; positional arguments in `_`. */
export function parseArgs(argv: string[]): { _: string[]; [flag: string]: string | boolean | string[] } {
  const result: { _: string[]; [flag: string]: string | boolean | string[] } = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      if (inline !== undefined) result[name] = inline;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) result[name] = argv[++i];
      else result[name] = true;
    } else {
      result._.push(arg);
    }
  }
  return result;
}
