/** The fake engine the op tests use keeps the Engine port's contract, as the real engines do. */
import { engineContract } from '../../support/engine-contract.js';
import { FakeEngine } from '../../support/fake-engine.js';

engineContract('the fake engine', async () => ({
  engine: new FakeEngine(),
  image: 'busybox:1.36',
  duplicateNetworkNames: false,
}));
