import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReference, referenceDefaultCaps } from '../../helpers/reference.js';
import { repoRoot } from '../../helpers/cli.js';
import { renderCapabilities } from '../../../scripts/gen-tables.js';
import {
  CAPABILITIES,
  DOCKER_DEFAULT_CAPS,
  capabilityName,
  capabilityNumber,
  normalizeCapability,
  parseCapabilityList,
} from '../../../src/kernel/capabilities.js';

const anchorRows = readReference('capabilities.csv')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','));

describe('capabilities', () => {
  it('has 0..40 exactly as capabilities.csv', () => {
    expect(CAPABILITIES.map((cap) => cap.number)).toEqual([...Array(41).keys()]);
    expect(CAPABILITIES.map((cap) => [String(cap.number), cap.name])).toEqual(anchorRows);
    expect(capabilityName(40)).toBe('CAP_CHECKPOINT_RESTORE');
    expect(capabilityName(41)).toBeUndefined();
    expect(capabilityNumber('CAP_SYS_ADMIN')).toBe(21);
  });

  it('normalizes the spellings users write', () => {
    expect(normalizeCapability('chown')).toBe('CAP_CHOWN');
    expect(normalizeCapability('CAP_CHOWN')).toBe('CAP_CHOWN');
    expect(normalizeCapability('cap_sys_admin')).toBe('CAP_SYS_ADMIN');
    expect(normalizeCapability('CAP_SYS_CONTROL')).toBeUndefined();
    expect(normalizeCapability('')).toBeUndefined();
  });

  it("lists Docker's 14 default capabilities, sorted and known (moby's DefaultCapabilities())", () => {
    const listed = referenceDefaultCaps();
    expect(DOCKER_DEFAULT_CAPS).toHaveLength(14);
    expect(DOCKER_DEFAULT_CAPS).toEqual(listed);
    expect([...DOCKER_DEFAULT_CAPS].sort()).toEqual(DOCKER_DEFAULT_CAPS);
  });

  it('is what the generator writes from the anchor today', () => {
    const committed = readFileSync(join(repoRoot, 'src/kernel/generated/capabilities.ts'), 'utf8');
    expect(committed).toBe(renderCapabilities(readReference('capabilities.csv'), 'capabilities.csv'));
  });
});

describe('parseCapabilityList', () => {
  it('reads repeated and comma-separated values, any spelling, sorted and once each', () => {
    const list = parseCapabilityList(['net_raw, CAP_CHOWN', 'chown,,KILL', ' ']);
    expect(list).toEqual({
      names: ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_RAW'],
      keywords: new Set(),
      unknown: [],
      words: 4,
    });
  });

  it('sets keywords apart (any case) and keeps unknown words as written', () => {
    const list = parseCapabilityList(['ALL,Default', 'none,CAP_NOPE,sys_admin']);
    expect(list.keywords).toEqual(new Set(['all', 'default', 'none']));
    expect(list.unknown).toEqual(['CAP_NOPE']);
    expect(list.names).toEqual(['CAP_SYS_ADMIN']);
  });

  it('counts no words in an empty list', () => {
    expect(parseCapabilityList([' , ']).words).toBe(0);
    expect(parseCapabilityList([]).words).toBe(0);
  });
});
