/**
 * The reader worker of one table (a `worker_threads` Worker started by WorkerPageSource):
 * it owns its own BigQuery client and page source, reads the pages it is asked for, parses
 * the REST JSON, converts the rows to Harper records and posts them encoded — all off
 * Harper's thread, which then only decodes and writes. Started with a `ReaderSetup` as
 * workerData; answers `read` with `page` or `failed` (see protocol.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { bigQueryRowConverter } from '../convert/bigquery-row-converter.js';
import { createBigQueryClient } from '../source/bigquery-client.js';
import { BigQueryPageSource, type WindowEstimate } from '../source/bigquery-page-source.js';
import { convertPage } from './convert-page.js';
import { reviveError, serializeError, type FromWorker, type ReaderSetup, type ToWorker } from './protocol.js';
import { encodePayload } from './record-codec.js';

const port = parentPort;
if (!port) throw new Error('page-reader-worker must run in a worker thread');
const setup = workerData as ReaderSetup;

const pendingChecks = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
let nextCheck = 0;
const checkWindow = (estimate: WindowEstimate) =>
  new Promise<void>((resolve, reject) => {
    const id = nextCheck++;
    pendingChecks.set(id, { resolve, reject });
    post({ type: 'window-check', id, estimate });
  });

const source = new BigQueryPageSource(createBigQueryClient(setup.connection), setup.table, {
  ...setup.source,
  ...(setup.checkWindows ? { beforeWindow: checkWindow } : {}),
});
const convert = bigQueryRowConverter(setup.convert);

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'window-answer') {
    const check = pendingChecks.get(message.id);
    pendingChecks.delete(message.id);
    if (message.error) check?.reject(reviveError(message.error));
    else check?.resolve();
    return;
  }
  const { id, request } = message;
  source.readPage(request).then(
    (page) => {
      const { payload, transfer } = encodePayload(convertPage(page.rows, convert));
      post(
        { type: 'page', id, payload, stats: page.stats ?? { jobs: 0, bytesProcessed: 0, bytesBilled: 0 } },
        transfer,
      );
    },
    (error: unknown) => post({ type: 'failed', id, error: serializeError(error) }),
  );
});
