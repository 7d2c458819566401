#!/usr/bin/env node
/**
 * maritime-data-synthesizer: fills BigQuery (the local server or Google's) with related
 * maritime test data. Exit codes: 0 ok, 1 failure (including a failed verify), 2 usage.
 */
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
