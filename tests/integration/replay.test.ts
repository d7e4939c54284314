import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { appWorkflowBundle } from '../support/app-worker';

// Every committed history must replay against today's workflow code, so open cases survive a deploy.
Runtime.install({ logger: new DefaultLogger('WARN') });
const dir = path.join(__dirname, '..', 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replay of recorded case histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle: await appWorkflowBundle() }, history, file);
  });
});
