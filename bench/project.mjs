// Generates the benchmark project: N services over 4 dependency levels with healthchecks,
// bind mounts, env files, ports and an override file: what a real dev stack's compose file holds.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeProject(
  dir,
  {
    services = 20,
    levels = 4,
    image = 'busybox:1.36',
    healthInterval = '1s',
    startInterval = undefined,
  } = {},
) {
  mkdirSync(dir, { recursive: true });
  const lines = ['services:'];
  const perLevel = Math.ceil(services / levels);
  for (let i = 0; i < services; i++) {
    const level = Math.floor(i / perLevel);
    const deps =
      level === 0
        ? []
        : Array.from({ length: Math.min(2, perLevel) }, (_, k) => `s${(level - 1) * perLevel + k}`);
    lines.push(
      `  s${i}:`,
      `    image: \${IMAGE:-${image}}`,
      `    command: ["sh", "-c", "touch /tmp/ready; exec sleep 3600"]`,
      `    environment:`,
      `      SERVICE: s${i}`,
      `      LEVEL: "${level}"`,
      `    env_file: [common.env]`,
      `    labels: [bench.level=${level}]`,
      `    volumes: ["./data/s${i}:/data"]`,
      `    healthcheck:`,
      `      test: ["CMD", "test", "-f", "/tmp/ready"]`,
      `      interval: ${healthInterval}`,
      `      timeout: 2s`,
      `      retries: 30`,
      ...(startInterval
        ? [`      start_period: 30s`, `      start_interval: ${startInterval}`]
        : []),
    );
    if (deps.length) {
      lines.push('    depends_on:');
      for (const d of deps) lines.push(`      ${d}: {condition: service_healthy}`);
    }
  }
  writeFileSync(path.join(dir, 'docker-compose.yml'), `${lines.join('\n')}\n`);
  writeFileSync(
    path.join(dir, 'docker-compose.override.yml'),
    'services:\n  s0:\n    environment:\n      OVERRIDDEN: "yes"\n',
  );
  writeFileSync(path.join(dir, 'common.env'), 'APP_ENV=bench\nLOG_LEVEL=info\n');
  writeFileSync(path.join(dir, '.env'), `IMAGE=${image}\n`);
}
