/**
 * One DuckDB thread per database the tests open, in this process (setDefaultThreads) and in
 * the command lines they start (ALMP_THREADS, vitest.config.ts): four test files run at a
 * time on 2 cores, where DuckDB's default of one thread per core only made the threads wait
 * on each other. A test about parallel work sets its own (SET threads, { threads }).
 */
import { setDefaultThreads } from '../../pipelines/db/database.ts';

setDefaultThreads(1);
