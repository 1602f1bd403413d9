// Property tests (fast-check) run with a fixed seed in `npm test`, so a run is reproducible and CI
// never turns red by chance; FC_SEED=<n> picks another seed, FC_SEED=random a fresh one each run
// (soak runs: `FC_SEED=random SESSION_FUZZ_RUNS=5000 npx jest ...`).
const fc = require("fast-check");
const env = process.env.FC_SEED;
if (env !== "random") fc.configureGlobal({ seed: env ? Number(env) : 20261128 });
