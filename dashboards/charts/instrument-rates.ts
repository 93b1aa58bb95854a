/**
 * Rates of a Jobcenter per instrument, on its own controlling page only (the overall page
 * leaves them to the ministry page: it is within 0.1 MB of 3 MB at 10^6 participations):
 * whether providers warned it before a dropout, and what followed its exits.
 */
import { INDICATOR_LABELS } from '../labels.ts';
import { type ChartContext, type ChartDef, instrumentLabels } from './kit.ts';
import { groupRates } from './patterns.ts';

/** What followed the exits, per instrument of the Jobcenter (the ministry page has it per Jobcenter). */
export function afterExit(ctx: ChartContext): ChartDef {
  const indicators = Object.fromEntries(['debriefing_rate', 'employed_on_leaving_rate', 'integration_rate_6m'].map((id) => [id, INDICATOR_LABELS[id]!]));
  return groupRates(ctx, {
    id: 'nach-dem-austritt',
    title: 'Nach dem Austritt',
    subtitle: 'Je Instrument im gewählten Jahr: Abschlussgespräch geführt, beschäftigt bei Austritt (28 Tage), sozialversicherungspflichtig beschäftigt oder in Ausbildung 6 Monate nach Austritt (vorläufig, bis die Frist aller Austritte abgelaufen ist); Linien: 95-%-Intervall',
    description:
      'Punktdiagramm mit Intervallen: je Instrument des Jobcenters der Anteil der Austritte mit Abschlussgespräch, mit Beschäftigung innerhalb von 28 Tagen und mit Eingliederung nach 6 Monaten im gewählten Jahr.',
    dataset: 'year',
    filters: ['jc', 'year'],
    indicators,
    groupField: 'ins',
    groupLabels: instrumentLabels(ctx),
    groupTitle: 'Instrument',
  });
}

/** Whether the provider warned the Jobcenter before a dropout, per instrument of the Jobcenter. */
export function notifiedBeforeDropout(ctx: ChartContext): ChartDef {
  return groupRates(ctx, {
    id: 'abbruch-vorab-informiert',
    title: 'Vor dem Abbruch informiert',
    subtitle: 'Je Instrument im gewählten Jahr: Anteil der Abbrüche, über die der Träger das Jobcenter vor dem Austrittsdatum informiert hat, von den Abbrüchen mit Abschlussbericht; Linien: 95-%-Intervall',
    description: 'Punktdiagramm mit Intervallen: je Instrument des Jobcenters der Anteil der Abbrüche mit vorheriger Information an das Jobcenter (laut Abschlussbericht) im gewählten Jahr.',
    dataset: 'year',
    filters: ['jc', 'year'],
    indicators: { dropout_notified_before_rate: INDICATOR_LABELS['dropout_notified_before_rate'] ?? 'Vor dem Abbruch informiert' },
    groupField: 'ins',
    groupLabels: instrumentLabels(ctx),
    groupTitle: 'Instrument',
  });
}
