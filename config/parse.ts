import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './env';

/**
 * Parses one YAML file with a schema.
 *
 * @throws ConfigError naming the file, then each bad key's path and what is wrong (`sites.x.webhookUrl: Invalid
 *   URL`), or the file and the YAML syntax error with its line; a missing file's error names the file too.
 */
export function parseFile<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  let yaml: unknown;
  try {
    yaml = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = schema.safeParse(yaml);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`${file}: ${where}`);
  }
  return parsed.data;
}
