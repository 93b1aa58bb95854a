/**
 * `npm run bench [-- --sizes 10000,100000 --json bench.json --keep --ten-million]`: wall time, rows/s
 * and peak RSS per stage and size, each stage in its own process, with DuckDB's raw
 * read_csv of the same files as the physical reference for ingest.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KINDS } from '../schema/kinds.ts';
import { benchSettings, parseOptions, settingsLine, writeBenchJson, type BenchOptions, type BenchRow as Row, type PipelineRow } from './options.ts';
import { checkTargets, targetLines } from './targets.ts';

const stageScript = fileURLToPath(new URL('./stage.ts', import.meta.url));

function runStage(args: string[]): Row {
  const output = execFileSync(process.execPath, ['--import', 'tsx', stageScript, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = output.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Row;
}

const results: Row[] = [];
const pipelines: PipelineRow[] = [];
// Written after every stage: a stage that fails at 10^7, half an hour in, keeps the figures before it.
let jsonFile: string | undefined;
const saveJson = (): void => {
  if (jsonFile) writeBenchJson(jsonFile, results, pipelines, checkTargets(results, pipelines));
};
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
function print(row: Row): void {
  row.rowsPerSec = row.rows / (row.ms / 1000);
  results.push(row);
  saveJson();
  const reference = row.stage.startsWith('refresh') ? 'full build (ingest all + models)' : 'read_csv';
  const ratio = row.ratio === undefined ? '' : `  ${reference} ${fmt(row.refMs ?? 0)} ms  ratio ${fmt(row.ratio, 2)}x`;
  const note = row.note ? `  ${row.note}` : '';
  process.stdout.write(
    `${row.stage.padEnd(28)} ${fmt(row.size).padStart(11)}  ${fmt(row.ms).padStart(8)} ms  ${fmt(row.rowsPerSec).padStart(11)} rows/s  peak RSS ${fmt(row.peakRssMb).padStart(6)} MB${ratio}${note}\n`,
  );
}

function run({ sizes, stages, json, keep }: BenchOptions): void {
  jsonFile = json;
  process.stdout.write(`almp-monitor benchmark — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}\n`);
  process.stdout.write(settingsLine(benchSettings()));
  for (const size of sizes) {
    const workDir = mkdtempSync(join(tmpdir(), `almp-bench-${size}-`));
    try {
      const started = performance.now();
      print(runStage(['generate', workDir, String(size)]));
      if (stages.has('ingest')) {
        for (const kind of KINDS) {
          const ref = runStage(['read_csv', workDir, String(size), kind]);
          const ours = runStage(['ingest', workDir, String(size), kind]);
          print({ ...ours, refMs: ref.ms, ratio: ours.ms / ref.ms });
        }
      }
      for (const stage of ['models', 'dashboards', 'returns', 'snapshot']) {
        if (stages.has(stage)) print(runStage([stage, workDir, String(size)]));
      }
      const pipelineMs = results.filter((r) => r.size === size && !['generate', 'refresh'].includes(r.stage)).reduce((t, r) => t + r.ms, 0);
      if (stages.has('refresh') && stages.has('ingest') && stages.has('models')) {
        // Full build = every ingest + the model build; the refresh adds 1,000 reports to it.
        const refresh = runStage(['refresh', workDir, String(size)]);
        const fullMs = results.filter((r) => r.size === size && (r.stage.startsWith('ingest:') || r.stage === 'models')).reduce((t, r) => t + r.ms, 0);
        print({ ...refresh, stage: 'refresh (1,000 reports)', refMs: fullMs, ratio: refresh.ms / fullMs });
      }
      const wallMs = performance.now() - started;
      pipelines.push({ size, ms: pipelineMs, wallMs });
      saveJson();
      process.stdout.write(`${'pipeline total (no generate)'.padEnd(28)} ${fmt(size).padStart(11)}  ${fmt(pipelineMs).padStart(8)} ms  (wall incl. process starts: ${fmt(wallMs)} ms)\n`);
    } catch (error) {
      // A failed stage keeps its data and database: at 10^7 they take half an hour to rebuild.
      process.stdout.write(`stage failed; kept ${workDir} for a look (delete it when done)\n`);
      throw error;
    }
    if (keep) process.stdout.write(`kept ${workDir}\n`);
    else rmSync(workDir, { recursive: true, force: true });
  }
  for (const line of targetLines(checkTargets(results, pipelines))) process.stdout.write(`${line}\n`);
}

const options = parseOptions(process.argv.slice(2));
if ('code' in options) {
  (options.code === 0 ? process.stdout : process.stderr).write(options.text);
  process.exitCode = options.code;
} else {
  run(options);
}
