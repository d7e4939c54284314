import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../../config';
import { loadConfig } from '../../config/load';
import { repoRoot } from './process';

/**
 * The app's configuration with chengshi-garden under the demo's short-deadline policy
 * (config/demo/short-deadlines.yaml: dispatch 30 s, its rung in-app and by e-mail), as `edit` changes its YAML text.
 */
export function shortDeadlineConfig(edit: (yaml: string) => string = (yaml) => yaml): AppConfig {
  const policy = path.join(mkdtempSync(path.join(os.tmpdir(), 'procwf-policy-')), 'chengshi-garden.yaml');
  writeFileSync(policy, edit(readFileSync(path.join(repoRoot, 'config/demo/short-deadlines.yaml'), 'utf8')));
  return loadConfig(undefined, { SITE_POLICY: policy });
}
