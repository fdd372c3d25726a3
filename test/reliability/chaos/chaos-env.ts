// Sizes of the chaos suite; each can be overridden from the environment.
process.env.FUZZ_RUNS ??= '10000';
process.env.STORM_SECONDS ??= '60';
process.env.CHAOS_KILLS_FULL ??= '20';
process.env.CHAOS_KILLS_DELTA ??= '10';
