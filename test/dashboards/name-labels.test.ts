/**
 * Names from the input files as the pages' labels: a line break or tab in a provider's or
 * Jobcenter's name was left out with the other control characters, so 'Zeile 1\nZeile 2'
 * read 'Zeile 1Zeile 2' in the charts, tables and CSV downloads; it is a space.
 */
import { describe, expect, it } from 'vitest';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { openFixtureDb } from './setup.ts';

describe('name labels', () => {
  it('a line break or tab is a space, other controls are left out', async () => {
    const fx = await openFixtureDb('almp-name-labels-');
    try {
      await fx.db.run('CREATE OR REPLACE TABLE mart.provider_names (provider_id VARCHAR, name VARCHAR)');
      await fx.db.run('CREATE OR REPLACE TABLE mart.jobcenter_names (jobcenter_id VARCHAR, name VARCHAR)');
      await fx.db.run("INSERT INTO mart.provider_names VALUES ('001066', 'Bildungswerk' || chr(10) || 'Nord' || chr(9) || 'gGmbH' || chr(1))");
      await fx.db.run("INSERT INTO mart.jobcenter_names VALUES ('06411', 'Jobcenter' || chr(13) || chr(10) || 'Darmstadt' || chr(8238))");
      const labels = await loadCodeLabels(fx.db);
      expect(labels.providers).toEqual({ '001066': '001066 Bildungswerk Nord gGmbH' });
      expect(labels.jobcenters).toEqual({ '06411': 'Jobcenter Darmstadt (06411)' });
    } finally {
      fx.close();
    }
  });
});
