import type { PublishedPort } from '../../../ops/containers/port.js';

/** `IP:PORT`, as `docker compose port` prints it. */
export const renderPort = (p: PublishedPort): string => `${p.ip}:${p.port}\n`;
