import { describeSampler } from '../../testing/index.js';
import { cfoSampler } from '../../strategies/samplers/cfoSampler.js';
import { blendSearch } from '../../strategies/samplers/blendSearch.js';
import { randomSampler } from '../../strategies/samplers/randomSampler.js';
import { tpeSampler } from '../../strategies/samplers/tpeSampler.js';

describeSampler('cfoSampler', () => cfoSampler());
describeSampler('blendSearch (tpe)', () => blendSearch());
describeSampler('blendSearch (random global)', () => blendSearch({ global: randomSampler() }));
describeSampler('blendSearch (tpe, 5 startup trials)', () =>
  blendSearch({ global: tpeSampler({ nStartupTrials: 5 }) }),
);
