// A config that cannot be read or is not valid: its own module, so that reporting one (src/cli/common.ts errorExit)
// does not load the config schema (zod, ~0.15 CPU s) in a command that has no config (inspect).
export class ConfigError extends Error {}
