import { hashPassword } from '../config/passwords';

/**
 * Prints the argon2id hash of a password, to paste into config/users.yaml as a user's `password`:
 *
 *   npm run hash-password                          asks on the terminal, twice, without echo
 *   printf %s "$PW" | npm run -s hash-password     reads the first line of stdin (a secret store, a script)
 *
 * The password is never an argument: arguments end up in the shell's history and in `ps`.
 * Exit 2 for an argument, an empty password or two entries that differ.
 */
async function main(): Promise<number> {
  if (process.argv.length > 2) {
    console.error(
      'hash-password takes no argument (it would stay in the shell history): run it and type the password, or pipe it in',
    );
    return 2;
  }
  let password: string;
  if (process.stdin.isTTY) {
    password = await askHidden('password: ');
    if ((await askHidden('again: ')) !== password) {
      console.error('the two entries differ; nothing printed');
      return 2;
    }
  } else {
    password = firstLine(await readAll(process.stdin));
  }
  if (!password) {
    console.error('empty password; nothing printed');
    return 2;
  }
  console.log(await hashPassword(password));
  return 0;
}

/** Reads a stream to its end as UTF-8. */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** The text up to its first line break (a piped password usually ends with one). */
const firstLine = (text: string) => text.split(/\r?\n/, 1)[0] ?? '';

/**
 * Asks on the terminal (prompt on stderr, so stdout carries only the hash) and reads one line in raw mode, echoing
 * nothing; backspace deletes, Ctrl-C and Ctrl-D abort.
 */
function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Echo off before the prompt: what is typed (or pasted) as soon as the prompt shows is not shown either.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve) => {
    let typed = '';
    const done = (value: string | undefined) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (value === undefined) process.exit(130);
      resolve(value);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n') return done(typed);
        if (ch === '\u0003' || ch === '\u0004') return done(undefined);
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

void main().then((code) => {
  process.exitCode = code;
});
