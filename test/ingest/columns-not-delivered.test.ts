/**
 * A later file that lacks some columns replaces the records it repeats, but a column it does
 * not have was not delivered: the records keep their earlier value there. An extract without
 * `Plätze` and contract dates set them NULL for every measure it repeated, one without
 * `Austritt` re-opened closed stays (the figures then counted them as still active).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES } from '../hardening/helpers.ts';
import { pid, storePerTest } from './helpers.ts';

const store = storePerTest();

describe('columns a later file does not have', () => {
  it('keep the values of the records it replaces; a new record has none there', async () => {
    await store().ingest([join(SAMPLES, 'measures')]);
    const partial = join(store().dir, 'massnahmen_korrektur.csv');
    writeFileSync(partial, 'Maßnahme-Nr;Dienststelle;Träger-Nr;Förderart;Titel\n06411-0001;06411;001001;45_MAT;Jobstarter (neuer Titel)\n06411-9999;06411;001001;45_MAT;Neu\n');
    const [result] = await store().ingest([partial], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsReplaced: 1 });
    expect(result!.notes).toContain('not in the file, kept from the record it replaced: funding, contract_start, contract_end, places, planned_duration_days, cost_total_eur, cooperation_level');
    const rows = await store().db.json(
      `SELECT measure_id, title, places, planned_duration_days, CAST(contract_start AS VARCHAR) AS contract_start, cost_total_eur::DOUBLE AS cost
       FROM raw.measures WHERE _current AND measure_id IN ('06411-0001', '06411-9999') ORDER BY 1`,
    );
    expect(rows).toEqual([
      // the sample's first measure: 7 places, 98 days, from 01.09.2024, 73.439,44 EUR
      { measure_id: '06411-0001', title: 'Jobstarter (neuer Titel)', places: 7, planned_duration_days: 98, contract_start: '2024-09-01', cost: 73439.44 },
      { measure_id: '06411-9999', title: 'Neu', places: null, planned_duration_days: null, contract_start: null, cost: null },
    ]);
  });

  it('an exit date stays when the column is missing, and goes when the file has the column empty', async () => {
    await store().ingest([join(SAMPLES, 'participations', 'teilnahmen_06411.csv')]);
    const exitOf = async () =>
      store().db.scalar("SELECT count(*) FROM raw.participations WHERE _current AND participant_id = $p AND exit_date = DATE '2024-09-23'", { p: pid('425G817508') });
    expect(await exitOf()).toBe(1);
    const withoutExit = join(store().dir, 'teilnahmen_ohne_austritt.csv');
    writeFileSync(withoutExit, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt\n425G817508;06411;06411-0001;29.08.2024;04.09.2024\n');
    await store().ingest([withoutExit], { kind: 'participations' });
    expect(await exitOf()).toBe(1);
    const emptied = join(store().dir, 'teilnahmen_austritt_leer.csv');
    writeFileSync(emptied, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt;Austritt\n425G817508;06411;06411-0001;29.08.2024;04.09.2024;\n');
    await store().ingest([emptied], { kind: 'participations' });
    expect(await exitOf()).toBe(0);
    expect(await store().db.scalar("SELECT count(*) FROM raw.participations WHERE _current AND participant_id = $p AND referral_date = DATE '2024-08-29' AND exit_date IS NULL", { p: pid('425G817508') })).toBe(1);
  });
});
