/**
 * One connection to an engine and the helper every call goes through: the first call pings (API
 * version, default builder), every failure becomes one of stager's errors, streams are followed.
 */
import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';
import type { DialOptions } from 'docker-modem';
import type { Endpoint } from '../endpoint.js';
import { createDocker } from './connect.js';
import { toEngineError } from './errors.js';
import { readJsonStream, StreamError, type JsonMessage } from './json-stream.js';
import { negotiateApiVersion } from './api-version.js';

interface Ping {
  apiVersion: string | undefined;
  osType: string | undefined;
  defaultBuildkit: boolean;
  /**
   * Podman's Docker API (`Server: Libpod/...`): no BuildKit session, no health in the list's
   * status text.
   */
  podman: boolean;
  /**
   * BuildKit can be asked for: a Linux engine whose ping does not say it has no builder (Podman
   * sends an empty `Builder-Version`; Engine 20.10 sends none and has BuildKit).
   */
  buildkitOffered: boolean;
}

export class DockerApi {
  readonly endpoint: Endpoint;
  readonly docker: Docker;
  private ready: Promise<Ping> | undefined;

  constructor(endpoint: Endpoint) {
    this.endpoint = endpoint;
    this.docker = createDocker(endpoint);
  }

  /**
   * One `/_ping` before the first call: its headers say the engine's API version and whether it
   * builds with BuildKit, as the docker CLI learns them. Memoized, so later calls cost nothing.
   */
  connect(): Promise<Ping> {
    this.ready ??= this.ping().then((ping) => {
      const modem = this.docker.modem as { version?: string };
      modem.version = `v${negotiateApiVersion(ping.apiVersion)}`;
      return ping;
    });
    return this.ready;
  }

  private async ping(): Promise<Ping> {
    let response: IncomingMessage;
    try {
      response = await this.rawDial<IncomingMessage>({
        path: '/_ping',
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 500: 'server error' },
      });
    } catch (err) {
      throw toEngineError(err, this.endpoint, 'ping');
    }
    response.resume();
    const header = (name: string): string | undefined => {
      const value = response.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const podman = /^Libpod\//.test(header('server') ?? '');
    return {
      apiVersion: header('api-version'),
      osType: header('ostype'),
      defaultBuildkit: header('builder-version') === '2',
      podman,
      buildkitOffered: !podman && header('builder-version') !== '',
    };
  }

  private rawDial<T>(options: DialOptions): Promise<T> {
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(options, (err, data) => (err ? reject(err) : resolve(data as T)));
    });
  }

  /**
   * A request dockerode has no method for, or makes in a way stager cannot use (logs as a stream
   * with and without follow, a build-cache prune with its query): made on the same connection,
   * its failures mapped like every other call's. `T` is what the status codes promise.
   */
  dial<T>(action: string, options: DialOptions): Promise<T> {
    return this.call(action, () => this.rawDial<T>(options));
  }

  async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    await this.connect();
    try {
      return await fn();
    } catch (err) {
      throw toEngineError(err, this.endpoint, action);
    }
  }

  async negotiatedApiVersion(): Promise<string> {
    await this.connect();
    return ((this.docker.modem as { version?: string }).version ?? '').replace(/^v/, '');
  }

  async follow(
    action: string,
    stream: NodeJS.ReadableStream,
    onMessage: (m: JsonMessage) => void,
  ): Promise<void> {
    try {
      await readJsonStream(stream, onMessage);
    } catch (err) {
      if (err instanceof StreamError) {
        const status = /not found|manifest unknown|does not exist|no such/i.test(err.message)
          ? 404
          : 500;
        throw toEngineError(
          { statusCode: status, json: { message: err.message } },
          this.endpoint,
          action,
        );
      }
      throw toEngineError(err, this.endpoint, action);
    }
  }
}
