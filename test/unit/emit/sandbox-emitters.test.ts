import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { composeFragment, composeSeccompPath } from '../../../src/emit/compose.js';
import { dockerRunFlags, renderDockerFlags } from '../../../src/emit/docker-flags.js';
import { ociSeccomp, renderOciSeccomp } from '../../../src/emit/oci.js';
import { parseProfile } from '../../../src/profile/read.js';
import { defaultResolveContext } from '../../../src/profile/resolve.js';
import { generateProfile } from '../../../src/generate/generate.js';
import { readReference } from '../../helpers/reference.js';
import { defaultOptions, fixture } from '../generate/fixtures.js';

const generated = generateProfile([fixture('http-server.json'), fixture('legacy-i386.json')], defaultOptions);
const dockerDefault = parseProfile(readReference('docker-default.json'), 'docker-default.json');
const context = defaultResolveContext();

/** The runtime-spec schema pieces, registered under the relative names their $refs use (they carry no $id). */
function ociValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(JSON.parse(readReference('oci-schema-defs.json')), 'defs.json');
  ajv.addSchema(JSON.parse(readReference('oci-schema-defs-linux.json')), 'defs-linux.json');
  ajv.addSchema(JSON.parse(readReference('oci-schema-config-linux.json')), 'config-linux.json');
  return ajv.compile({ $ref: 'config-linux.json#/linux' });
}

describe('compose fragment', () => {
  it('configures the service with the profile path relative to the compose file, no-new-privileges, cap_drop ALL and cap_add', () => {
    const text = composeFragment('web', composeSeccompPath('deploy/compose.seccomp.yaml', 'profiles/web.json'), [
      'CAP_NET_BIND_SERVICE',
      'CAP_CHOWN',
    ]);
    expect(parse(text)).toEqual({
      services: {
        web: {
          security_opt: ['seccomp=../profiles/web.json', 'no-new-privileges:true'],
          cap_drop: ['ALL'],
          cap_add: ['CHOWN', 'NET_BIND_SERVICE'],
        },
      },
    });
  });

  it('writes ./ paths beside the compose file and leaves out an empty cap_add', () => {
    expect(composeSeccompPath('compose.yaml', 'web.json')).toBe('./web.json');
    expect(parse(composeFragment('web', './web.json', [])).services.web.cap_add).toBeUndefined();
  });
});

describe('docker run flags', () => {
  it('applies the profile, no-new-privileges and the capability set', () => {
    expect(dockerRunFlags('web.json', ['CAP_NET_BIND_SERVICE'])).toEqual([
      '--security-opt',
      'seccomp=web.json',
      '--security-opt',
      'no-new-privileges',
      '--cap-drop',
      'ALL',
      '--cap-add',
      'NET_BIND_SERVICE',
    ]);
    expect(renderDockerFlags(dockerRunFlags("my profile's.json", []))).toBe(
      `--security-opt 'seccomp=my profile'\\''s.json' --security-opt no-new-privileges --cap-drop ALL\n`,
    );
  });
});

describe('OCI linux.seccomp', () => {
  const validate = ociValidator();

  it.each([
    ['generated', generated.profile],
    ['docker-default', dockerDefault],
  ])('%s resolves to a plain object the runtime-spec schema accepts, without moby extensions', (_name, profile) => {
    const document = JSON.parse(renderOciSeccomp(ociSeccomp(profile, context)));
    expect(validate(document.linux), JSON.stringify(validate.errors)).toBe(true);
    const text = JSON.stringify(document);
    for (const key of ['"comment"', '"includes"', '"excludes"', '"archMap"']) expect(text).not.toContain(key);
  });

  it("resolves Docker's archMap and capability rules for the context", () => {
    const oci = ociSeccomp(dockerDefault, context);
    expect(oci.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    const names = new Set(oci.syscalls!.flatMap((r) => r.names));
    expect(names.has('chroot')).toBe(true);
    expect(names.has('mount')).toBe(false);
    expect(
      ociSeccomp(dockerDefault, { ...context, caps: ['CAP_SYS_ADMIN'] }).syscalls!.some((r) =>
        r.names.includes('mount'),
      ),
    ).toBe(true);
  });

  it('keeps the generated rules, ENOSYS fallbacks included', () => {
    const oci = ociSeccomp(generated.profile, context);
    expect(oci.syscalls!.find((r) => r.names.includes('clone3'))).toMatchObject({
      action: 'SCMP_ACT_ERRNO',
      errnoRet: 38,
    });
  });
});
