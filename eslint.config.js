// ESLint 9 flat config: typescript-eslint's recommended rules (not type-checked, to stay fast).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  // Build output, dependencies and generated code (generated files live under a gen/ or testdata/ folder).
  globalIgnores([
    'dist/',
    'node_modules/',
    'coverage/',
    'test-output/',
    'protos/gen/',
    '**/gen/',
    '**/testdata/',
    '**/*.d.ts',
  ]),
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      'no-empty-function': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      // `while (true)` event and parse loops are fine.
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The browser side of the web desktop.
    files: ['exo-server/web/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
]);
