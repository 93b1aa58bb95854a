/**
 * Child process for the model-build crash test: `node --import tsx build-runner.ts <db> <as-of>`.
 * Prints "building" once the database is open, then builds every model.
 */
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';

const [dbPath = '', asOf = ''] = process.argv.slice(2);
const db = await Db.open(dbPath);
await bootstrap(db);
process.stdout.write('building\n');
const result = await buildModels(db, { asOf }, quietEffects());
process.stdout.write(`${JSON.stringify({ failed: result.models.filter((m) => m.status !== 'success').length })}\n`);
db.close();
