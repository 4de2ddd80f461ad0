/**
 * Registry credentials as the docker CLI keeps them in `config.json` ($DOCKER_CONFIG or
 * ~/.docker): inline `auths`, or a credential helper program (`credHelpers` per registry, else
 * `credsStore`) spoken to over `docker-credential-<name> get|store|erase`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, StagerError } from '../errors.js';
import type { RegistryAuth } from '../engine/engine.js';
import { credentialKey, normalizeHost } from './reference.js';

interface AuthEntry {
  auth?: string;
  identitytoken?: string;
  username?: string;
  password?: string;
}

interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

/** Runs `docker-credential-<helper> <action>` with `input` on stdin; resolves to its stdout. */
export type HelperRunner = (helper: string, action: string, input: string) => Promise<string>;

export interface CredentialStoreOptions {
  env: Readonly<Record<string, string | undefined>>;
  homeDir?: string;
  runHelper?: HelperRunner;
}

export class CredentialStore {
  readonly file: string;
  private readonly runHelper: HelperRunner;

  constructor(options: CredentialStoreOptions) {
    const dir = options.env.DOCKER_CONFIG || path.join(options.homeDir ?? os.homedir(), '.docker');
    this.file = path.join(dir, 'config.json');
    this.runHelper = options.runHelper ?? runHelperProgram;
  }

  private read(): DockerConfig {
    if (!existsSync(this.file)) return {};
    const text = readFileSync(this.file, 'utf8');
    try {
      return JSON.parse(text) as DockerConfig;
    } catch (err) {
      throw ConfigError.single({
        file: this.file,
        message: `not valid JSON (${(err as Error).message})`,
      });
    }
  }

  private write(config: DockerConfig): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600 });
    renameSync(temp, this.file);
  }

  private helperFor(config: DockerConfig, host: string): string | undefined {
    const helpers = config.credHelpers ?? {};
    for (const [server, helper] of Object.entries(helpers))
      if (normalizeHost(server) === host) return helper;
    return config.credsStore || undefined;
  }

  /** The credentials for a registry host, or undefined when none are stored. */
  async get(host: string): Promise<RegistryAuth | undefined> {
    const config = this.read();
    const key = credentialKey(host);
    const helper = this.helperFor(config, host);
    if (helper) {
      const fromHelper = await this.fromHelper(helper, key);
      if (fromHelper) return fromHelper;
    }
    for (const [server, entry] of Object.entries(config.auths ?? {})) {
      if (normalizeHost(server) !== host) continue;
      const auth = decodeEntry(entry, key);
      if (auth) return auth;
    }
    return undefined;
  }

  private async fromHelper(helper: string, key: string): Promise<RegistryAuth | undefined> {
    let out: string;
    try {
      out = await this.runHelper(helper, 'get', key);
    } catch (err) {
      const message =
        (err as { stdout?: string; message: string }).stdout || (err as Error).message;
      if (/credentials not found/i.test(message)) return undefined;
      throw new StagerError(
        `credential helper docker-credential-${helper} failed: ${message.trim()}`,
        {
          hint: `check that docker-credential-${helper} is installed and on PATH`,
          cause: err,
        },
      );
    }
    const parsed = JSON.parse(out) as { Username?: string; Secret?: string };
    if (!parsed.Secret) return undefined;
    return parsed.Username === '<token>'
      ? { identitytoken: parsed.Secret, serveraddress: key }
      : { username: parsed.Username, password: parsed.Secret, serveraddress: key };
  }

  /** Stores credentials where the docker CLI would: its helper, else `auths` in config.json. */
  async store(host: string, username: string, secret: string): Promise<'helper' | 'file'> {
    const config = this.read();
    const key = credentialKey(host);
    const helper = this.helperFor(config, host);
    if (helper) {
      await this.runHelper(
        helper,
        'store',
        JSON.stringify({ ServerURL: key, Username: username, Secret: secret }),
      );
      config.auths = { ...config.auths, [key]: {} };
      this.write(config);
      return 'helper';
    }
    const auth = Buffer.from(`${username}:${secret}`).toString('base64');
    config.auths = { ...config.auths, [key]: { auth } };
    this.write(config);
    return 'file';
  }

  /** Forgets a registry's credentials; false when there were none. */
  async erase(host: string): Promise<boolean> {
    const config = this.read();
    const key = credentialKey(host);
    const helper = this.helperFor(config, host);
    let found = false;
    if (helper) {
      try {
        await this.runHelper(helper, 'erase', key);
        found = true;
      } catch {
        // Nothing stored there: the file may still hold an entry.
      }
    }
    for (const server of Object.keys(config.auths ?? {})) {
      if (normalizeHost(server) !== host) continue;
      delete config.auths![server];
      found = true;
    }
    if (found) this.write(config);
    return found;
  }
}

function decodeEntry(entry: AuthEntry, key: string): RegistryAuth | undefined {
  if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress: key };
  if (entry.auth) {
    const text = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon < 0) return undefined;
    return { username: text.slice(0, colon), password: text.slice(colon + 1), serveraddress: key };
  }
  if (entry.username && entry.password)
    return { username: entry.username, password: entry.password, serveraddress: key };
  return undefined;
}

const runHelperProgram: HelperRunner = async (helper, action, input) => {
  const { execa } = await import('execa');
  const result = await execa(`docker-credential-${helper}`, [action], { input });
  return result.stdout;
};
