/** The Engine port's contract on the engine under test: what the fake engine is held to. */
import { connectDocker } from '../../src/engine/docker/index.js';
import { parseHost } from '../../src/engine/endpoint.js';
import { engineContract } from '../support/engine-contract.js';
import { ENGINE } from './helpers.js';

const engine = connectDocker(parseHost(ENGINE.host, 'DOCKER_HOST', undefined));

engineContract(`engine ${ENGINE.name}`, async () => ({
  engine,
  image: 'busybox:1.36',
  // CheckDuplicate makes every engine stager supports refuse a second name, racing aside.
  duplicateNetworkNames: false,
}));
