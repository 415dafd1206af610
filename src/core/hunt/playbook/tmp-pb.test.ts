import { it } from 'vitest';
import { loadCatalog } from '/work/main/src/app/catalog/index.js';
import { canonicalTechniques, PlaybookIndex } from '/work/main/src/core/hunt/playbook/playbook-scoring.js';
it('x', () => {
const catalog = loadCatalog(); const index = new PlaybookIndex(catalog);
const O = canonicalTechniques(catalog, ['T1003.003', 'T1090.001', 'T1070.001', 'T1654', 'T1047', 'T1021.001', 'T1560.001', 'T1105', 'T1069.002', 'T1087.002', 'T1018', 'T1016', 'T1049', 'T1082', 'T1033', 'T1562.004', 'T1003.001']).ids;
const rows = index.actors.map(a => { let inter=0, am=0, om=0, i2=0, a2=0, o2=0; for (const t of a.techniques){const w=index.idf(t); am+=w; a2+=w*w; if(O.has(t)){inter+=w;i2+=w*w;}} for(const t of O){const w=index.idf(t); om+=w; o2+=w*w;}
 const cov=inter/am, expl=inter/om; const fb=(b)=>cov+expl>0?(1+b*b)*cov*expl/(b*b*cov+expl):0; return {f2:fb(2), f3:fb(3), g:Math.pow(expl,0.75)*Math.pow(cov,0.25),id:a.actor.attack_id??a.actor.id, n:a.techniques.size, cov, expl, cos:i2/Math.sqrt(a2*o2), f1: cov+expl>0?2*cov*expl/(cov+expl):0, jac: inter/(am+om-inter)}; });
for (const k of ['expl','cos','f2','f3','g']) { const s=[...rows].sort((x,y)=>y[k]-x[k]); const r=s.findIndex(x=>x.id==='G1017'); console.log(k, 'rank', r+1, s.slice(0,4).map(x=>x.id+':'+x[k].toFixed(3)+'/'+x.n).join(' '), 'VT', s[r][k].toFixed(3)); }
});
