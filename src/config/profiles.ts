/**
 * Which services are on: those without profiles, those with an active profile (`--profile`,
 * COMPOSE_PROFILES, `*` for all), and those named on the command line with their dependencies.
 */
import type { ServiceConfig } from './model/project.js';

export interface ProfileSplit {
  enabled: Record<string, ServiceConfig>;
  disabled: Record<string, ServiceConfig>;
  /** Enabled services that need a disabled one: name -> the dependency. */
  missing: { service: string; dependency: string; profiles: string[] }[];
}

export function applyProfiles(
  services: Record<string, ServiceConfig>,
  active: readonly string[],
  requested: readonly string[] = [],
): ProfileSplit {
  const all = active.includes('*');
  const on = new Set<string>();
  for (const [name, s] of Object.entries(services)) {
    if (!s.profiles?.length || all || s.profiles.some((p) => active.includes(p))) on.add(name);
  }
  const pull = (name: string): void => {
    if (on.has(name) && !requested.includes(name)) return;
    on.add(name);
    for (const dep of Object.keys(services[name]?.depends_on ?? {}))
      if (services[dep] && !on.has(dep)) pull(dep);
  };
  for (const name of requested) if (services[name]) pull(name);
  const enabled: Record<string, ServiceConfig> = {};
  const disabled: Record<string, ServiceConfig> = {};
  for (const [name, s] of Object.entries(services)) (on.has(name) ? enabled : disabled)[name] = s;
  const missing: ProfileSplit['missing'] = [];
  for (const [name, s] of Object.entries(enabled)) {
    for (const [dep, spec] of Object.entries(s.depends_on ?? {})) {
      const target = disabled[dep];
      if (target && spec.required !== false)
        missing.push({ service: name, dependency: dep, profiles: target.profiles ?? [] });
    }
  }
  return { enabled, disabled, missing };
}
