/**
 * Child process for the crash test: `node --import tsx ingest-runner.ts <db> <file> <kind>`.
 * Logs at debug level to stdout, so the parent sees "ingest: writing rows" (inside the
 * file's transaction) and can kill the process right there.
 */
import pino from 'pino';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { isKind } from '../../pipelines/schema/kinds.ts';
import { KEY } from './helpers.ts';

const [dbPath = '', file = '', kind = ''] = process.argv.slice(2);
if (!isKind(kind)) throw new Error(`unknown kind ${kind}`);
const db = await Db.open(dbPath);
await bootstrap(db);
const effects = { ...quietEffects(), log: pino({ level: 'debug' }, pino.destination({ dest: 1, sync: true })) };
const [result] = await ingestPaths(db, { paths: [file], kind, key: KEY }, effects);
process.stdout.write(`${JSON.stringify({ done: result?.status })}\n`);
db.close();
