import { compile } from 'vega-lite';
import { instrumentYears } from './dashboards/charts/portfolio.ts';
const CTX: any = { bound: new Set(), defaults: { jc: '*', year: '2024', instr: '*' }, labels: { instruments: { '16e': '16e' }, reasons: {}, goals: {}, threshold: 5 } };
const out = compile(instrumentYears(CTX, 'dropout_rate', 'x').spec as any).spec as any;
for (const m of out.marks) console.log(m.name, m.type, JSON.stringify(m.encode?.update?.x), JSON.stringify(m.encode?.update?.xc ?? ''));
