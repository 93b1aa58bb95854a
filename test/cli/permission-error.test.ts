/**
 * A refused file operation reaches the terminal as what it is, not as a bug of almp: as a
 * service user in a read-only installation `almp start` said "Unexpected error: EACCES:
 * permission denied, mkdir '/opt/almp-monitor/data' … report it with the output".
 */
import { describe, expect, it } from 'vitest';
import { AlmpError, diskFullError, permissionError } from '../../pipelines/errors.ts';

const refused = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: permission denied, ${syscall} '${path}'`), { code, syscall, path });

describe('permissionError', () => {
  it('names the act, the path and what to do, and leaves other errors alone', () => {
    const mkdir = permissionError(refused('EACCES', 'mkdir', '/opt/almp-monitor/data'));
    expect(mkdir).toBeInstanceOf(AlmpError);
    expect(mkdir!.message).toBe('Cannot create the folder /opt/almp-monitor/data: no permission for the user almp runs as (EACCES).');
    expect(mkdir!.hint).toContain('ALMP_DB');
    expect(mkdir!.exitCode).toBe(1);
    expect(permissionError(refused('EROFS', 'open', '/srv/almp/data/almp.key'))!.message).toBe('Cannot open /srv/almp/data/almp.key: the file system is read-only.');
    // a file almp only reads (the key, a database opened read-only): read access is the remedy, not a place to write
    const read = permissionError(refused('EACCES', 'open', '/srv/almp/secret/almp.key'), 'read');
    expect(read!.message).toBe('Cannot read /srv/almp/secret/almp.key: no permission for the user almp runs as (EACCES).');
    expect(read!.hint).not.toContain('may write');
    expect(read!.hint).not.toContain('almp doctor');
    expect(permissionError(refused('ENOENT', 'open', '/nowhere'))).toBeUndefined();
    expect(permissionError(new Error('EACCES without a path'))).toBeUndefined();
  });
});

describe('diskFullError', () => {
  it('names the file and the full disk (a scheduler restarted on a full disk said "Unexpected error: ENOSPC … report it")', () => {
    const full = diskFullError(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: 'ENOSPC', syscall: 'write', path: '/srv/almp/data/almp.duckdb.lock' }));
    expect(full).toBeInstanceOf(AlmpError);
    expect(full!.message).toBe('Cannot write /srv/almp/data/almp.duckdb.lock: no space left on the disk.');
    expect(full!.hint).toContain('almp doctor');
    expect(full!.exitCode).toBe(1);
    expect(diskFullError(new Error('something else'))).toBeUndefined();
  });
});
