/**
 * Which variable names hold secrets. A word of the name (split at `_`, `.`, `-`) that holds a
 * secret word, or ends in KEY (APIKEY, SECRET_KEY_BASE); KEYCLOAK_URL names a service, not a key.
 * Kept apart from the env-file code so that every command can ask without loading a parser.
 */
const SECRET_WORD = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|KEYS?$/i;

export function isSecretKey(key: string): boolean {
  return key.split(/[_.-]/).some((word) => SECRET_WORD.test(word));
}

/** Values as common as these would mask half of every line; no real secret is one of them. */
const TOO_COMMON = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'none']);

/** Values too short or too common to be anyone's secret are left alone. */
export function secretLike(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.length >= 4 && !TOO_COMMON.has(value.toLowerCase());
}
