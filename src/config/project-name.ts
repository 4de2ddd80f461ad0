import { UsageError } from '../errors.js';

const VALID = /^[a-z0-9][a-z0-9_-]*$/;

/** Compose's rule for a name taken from a folder: lowercase, only [a-z0-9_-], no leading - or _. */
export function normalizeProjectName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[-_]+/, '');
}

/** A name the user typed (`-p`, COMPOSE_PROJECT_NAME, `name:`) must already be valid. */
export function checkProjectName(name: string, source: string): string {
  if (!VALID.test(name)) {
    throw new UsageError(
      `${source}: "${name}" is not a valid project name: use lowercase letters, digits, "-" and "_", starting with a letter or digit`,
    );
  }
  return name;
}
