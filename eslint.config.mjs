// One linter for the repo; workflow code additionally may not touch Node built-ins (determinism).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Workflow code must be deterministic: no Node built-ins (file system, network, processes).
const noNodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process'],
  message: 'Workflow code must be deterministic: no Node built-ins.',
};

// Environment variables are read in config/ only (config/env.ts checks them all at start); the rest gets values.
const noProcessEnv = {
  object: 'process',
  property: 'env',
  message: 'Read environment variables through config/ (readEnv, rawEnv): config/env.ts checks them at start.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tools/', 'ui/dist/', 'bench/results/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [noNodeBuiltins],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Workflow code must be deterministic.' },
      ],
    },
  },
  {
    files: ['api/**/*.ts', 'activities/**/*.ts', 'worker/**/*.ts'],
    ignores: ['**/*.test.ts', 'activities/channels/test-support.ts'],
    rules: { 'no-restricted-properties': ['error', noProcessEnv] },
  },
  {
    // The app's workflow code (not its tests): both restrictions, as this block replaces the rule's list above.
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Workflow code must be deterministic.' },
        noProcessEnv,
      ],
    },
  },
  {
    // The workflow modules each case loads for itself: the engine comes from engine() (shared-engine.ts), once per
    // worker; a value import here would load a copy of it into every cached case again (~3 MB each).
    files: [
      'workflows/index.ts',
      'workflows/engine/{run-procedure,case-number,recurring,messages,search-attributes}.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noNodeBuiltins,
            {
              group: ['zod', 'xstate', '**/procedures', '**/procedures/**', '**/calendar', '**/case-core', '**/errors'],
              allowTypeImports: true,
              message:
                'Per-case workflow modules get the engine from engine() in shared-engine.ts (types may be imported).',
            },
          ],
        },
      ],
    },
  },
);
