import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
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

/**
 * Parses every document of one YAML file (documents separated by `---`) with a schema, in file order.
 *
 * @throws ConfigError naming the file, the document (`document 2`) and each bad key's path and what is wrong, or the
 *   file and the YAML syntax error with its line.
 */
export function parseFileDocuments<T extends z.ZodType>(file: string, schema: T): z.infer<T>[] {
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`, { cause: err });
  }
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((doc, i) => {
    if (doc.errors.length) throw new ConfigError(`${file}: document ${i + 1}: ${doc.errors[0]!.message}`);
    const parsed = schema.safeParse(doc.toJS());
    if (!parsed.success) {
      const where = parsed.error.issues.map((e) => `${e.path.join('.') || '(root)'}: ${e.message}`).join('; ');
      throw new ConfigError(`${file}: document ${i + 1}: ${where}`);
    }
    return parsed.data;
  });
}
