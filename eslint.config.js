// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'zlib', 'url'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['scripts/**/*.mjs', '*.js'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The runtime of a file is told by where it lives: only the thin edge touches Electron.
    files: ['electron/**/*.ts', 'test/**/*.ts', 'scripts/**/*'],
    ignores: ['electron/app/**', 'electron/main.ts', 'electron/preload.ts', 'test/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/app/, main.ts and preload.ts import electron.' }] }],
    },
  },
  {
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ and renderer/ never import electron.' }],
          patterns: [{ group: nodeBuiltins, message: 'shared/ and renderer/ are plain TypeScript / DOM: no Node built-ins.' }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Untrusted text never reaches the DOM as HTML.' },
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Untrusted text never reaches the DOM as HTML.' },
      ],
    },
  },
  {
    files: ['electron/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='exposeInMainWorld'] > Identifier[name='ipcRenderer']", message: 'Never expose ipcRenderer.' },
      ],
    },
  },
);
