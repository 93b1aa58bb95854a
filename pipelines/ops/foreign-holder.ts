/**
 * A program that is not almp holding the live database (a DuckDB shell, a BI tool connected
 * to the file instead of the snapshot). DuckDB names only its pid; /proc says what it is and
 * since when, where there is one (Linux). Its command line is not read: it may carry secrets.
 */
import { readFileSync } from 'node:fs';

export interface ForeignHolder {
  readonly pid: number;
  /** The program's name as the kernel keeps it ('duckdb', 'java', 'node'); absent off Linux or once it ended. */
  readonly program?: string;
  /** When the process started (ISO); absent where /proc cannot tell. */
  readonly since?: string;
}

export function foreignHolder(pid: number, proc = '/proc'): ForeignHolder {
  const program = readQuietly(`${proc}/${pid}/comm`)?.trim();
  const since = startTime(pid, proc);
  return { pid, ...(program ? { program } : {}), ...(since ? { since } : {}) };
}

/** Start of a process from /proc/<pid>/stat (clock ticks after boot) and the boot time in /proc/stat. */
function startTime(pid: number, proc: string): string | undefined {
  const stat = readQuietly(`${proc}/${pid}/stat`);
  const boot = /^btime (\d+)$/m.exec(readQuietly(`${proc}/stat`) ?? '')?.[1];
  if (!stat || !boot) return undefined;
  // the name in parentheses may hold spaces and parentheses: the fields follow its last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]); // field 22 of stat(5); fields[0] is field 3
  // USER_HZ is 100 on every Linux architecture Node runs on
  if (!Number.isFinite(ticks)) return undefined;
  return new Date((Number(boot) + ticks / 100) * 1000).toISOString();
}

function readQuietly(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
