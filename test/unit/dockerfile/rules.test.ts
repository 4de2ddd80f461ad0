import { describe, expect, it } from 'vitest';
import { fixDockerfile } from '../../../src/dockerfile/fix.js';
import { parseDockerfile } from '../../../src/dockerfile/parse.js';
import { lintDockerfile, type RuleId } from '../../../src/dockerfile/rules.js';

const USER = 'USER app\n';
const rulesOf = (text: string, rule: RuleId) =>
  lintDockerfile(parseDockerfile(text)).filter((f) => f.rule === rule);

interface Case {
  rule: RuleId;
  bad: string;
  line: number;
  good: string;
}

const CASES: Case[] = [
  {
    rule: 'cache-mount',
    bad: 'FROM python:3.12\nRUN pip install -r requirements.txt\n',
    line: 2,
    good: 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n',
  },
  {
    rule: 'cache-mount',
    bad: 'FROM node:22\nRUN npm ci\n',
    line: 2,
    good: 'FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
  },
  {
    rule: 'cache-mount',
    bad: 'FROM alpine:3.20\nRUN apk add curl\n',
    line: 2,
    good: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n',
  },
  {
    rule: 'cache-mount',
    bad: 'FROM golang:1.23\nRUN go mod download\n',
    line: 2,
    good: 'FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n',
  },
  {
    rule: 'cache-mount',
    bad: 'FROM ruby:3.3\nRUN bundle install\n',
    line: 2,
    good: 'FROM ruby:3.3\nRUN --mount=type=cache,target=/usr/local/bundle/cache bundle install\n',
  },
  {
    rule: 'apt-sharing-locked',
    bad: 'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n',
    line: 3,
    good: 'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n',
  },
  {
    rule: 'apt-docker-clean',
    bad: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get install -y curl\n',
    line: 2,
    good: 'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get install -y curl\n',
  },
  {
    rule: 'copy-before-install',
    bad: 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
    line: 3,
    good: 'FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY . .\n',
  },
  {
    rule: 'base-image-tag',
    bad: 'FROM python\n',
    line: 1,
    good: 'FROM python:3.12-slim\n',
  },
  {
    rule: 'base-image-tag',
    bad: 'FROM ghcr.io/acme/base:latest\n',
    line: 1,
    good: 'FROM ghcr.io/acme/base@sha256:0123\nFROM scratch\n',
  },
  {
    rule: 'root-user',
    bad: 'FROM busybox:1.36 AS build\nUSER app\nFROM busybox:1.36\n',
    line: 3,
    good: 'FROM busybox:1.36\nUSER 1000:1000\n',
  },
  {
    rule: 'pip-no-cache',
    bad: 'FROM python:3.12\nRUN pip install flask\n',
    line: 2,
    good: 'FROM python:3.12\nRUN pip install --no-cache-dir flask\n',
  },
  {
    rule: 'combine-run',
    bad: 'FROM busybox:1.36\nRUN mkdir /a\nRUN mkdir /b\n',
    line: 3,
    good: 'FROM busybox:1.36\nRUN mkdir /a\nCOPY x /a\nRUN mkdir /b\n',
  },
];

describe('lint rules', () => {
  it.each(CASES)('$rule flags line $line of a bad Dockerfile', ({ rule, bad, line }) => {
    expect(rulesOf(bad, rule).map((f) => f.line)).toEqual([line]);
  });

  it.each(CASES)('$rule is quiet on a good one', ({ rule, good }) => {
    expect(rulesOf(good, rule)).toEqual([]);
  });

  it('gives every finding a fix', () => {
    for (const { bad } of CASES)
      for (const f of lintDockerfile(parseDockerfile(bad))) expect(f.fix).not.toBe('');
  });
});

describe('lint --fix', () => {
  const APT = [
    'FROM debian:12-slim',
    '# tools',
    'RUN apt-get update && \\',
    '    apt-get install -y --no-install-recommends curl',
    'RUN --mount=type=cache,target=/var/cache/apk apk add jq',
    'COPY requirements.txt .',
    'RUN pip install -r requirements.txt',
    USER,
  ].join('\n');

  it('adds the cache mounts and apt settings, keeping the rest as written', () => {
    const { text, fixed } = fixDockerfile(APT);
    expect(fixed).toBe(3);
    expect(text).toBe(
      [
        'FROM debian:12-slim',
        '# tools',
        'RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo \'Binary::apt::APT::Keep-Downloaded-Packages "true";\' > /etc/apt/apt.conf.d/keep-cache',
        'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && \\',
        '    apt-get install -y --no-install-recommends curl',
        'RUN --mount=type=cache,target=/var/cache/apk apk add jq',
        'COPY requirements.txt .',
        'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
        USER,
      ].join('\n'),
    );
  });

  it('is idempotent: a second run changes nothing', () => {
    const once = fixDockerfile(APT).text;
    expect(fixDockerfile(once)).toEqual({ text: once, fixed: 0 });
    const fixable = lintDockerfile(parseDockerfile(once)).filter((f) => f.edit);
    expect(fixable).toEqual([]);
  });

  it('edits a mount flag written on a continuation line', () => {
    const text =
      'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN \\\n  --mount=type=cache,target=/var/cache/apt \\\n  --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n  apt-get install -y curl\n';
    expect(fixDockerfile(text).text).toContain(
      '  --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n',
    );
  });
});
