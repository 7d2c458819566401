import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'benchmarks/results/**',
      'web/uPlot.*',
      'test-results/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The dashboard runs in the browser.
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        [
          'document',
          'window',
          'sessionStorage',
          'fetch',
          'confirm',
          'setTimeout',
          'clearTimeout',
          'FormData',
          'btoa',
          'uPlot',
          'ResizeObserver',
          'encodeURIComponent',
          'TextEncoder',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['tools/**/*.mjs'],
    languageOptions: { globals: { URL: 'readonly', console: 'readonly' } },
  },
  {
    languageOptions: {
      globals: {
        // Harper's runtime globals (see node_modules/harperdb/index.d.ts).
        server: 'readonly',
        tables: 'readonly',
        databases: 'readonly',
        Resource: 'readonly',
        logger: 'readonly',
        transaction: 'readonly',
        console: 'readonly',
        process: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
