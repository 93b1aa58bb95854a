import { describe, expect, it } from 'vitest';
import { fileNamePart } from '../../pipelines/file-name.ts';

describe('ids in file names', () => {
  it('keep a safe id as it is and give two ids that sanitise alike different names', () => {
    expect(fileNamePart('06411')).toBe('06411');
    expect(fileNamePart('a/b')).not.toBe(fileNamePart('a?b'));
    expect(fileNamePart('a/b')).toMatch(/^a_b-[0-9a-f]{8}$/);
    expect(fileNamePart('../../../tmp/pwn')).toMatch(/^_tmp_pwn-[0-9a-f]{8}$/);
  });
});
