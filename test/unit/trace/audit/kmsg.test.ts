import { describe, expect, it } from 'vitest';
import { kmsgMessage } from '../../../../src/trace/audit/kmsg.js';
import { parseAuditLine } from '../../../../src/trace/audit/parse.js';

/** /dev/kmsg record framing (Documentation/ABI/testing/dev-kmsg): `PRIO,SEQ,USEC,FLAGS;text` + dict lines. */
describe('kmsgMessage', () => {
  it.each([
    [
      '5,2201,1234567890,-;audit: type=1326 audit(1795771915.337:2066): pid=1',
      'audit: type=1326 audit(1795771915.337:2066): pid=1',
    ],
    ['6,12,3,c;hello\n SUBSYSTEM=x\n', 'hello'],
    [
      '6,0,241519,-;audit: type=2000 audit(1795152121.524:1): state=initialized audit_enabled=0 res=1',
      'audit: type=2000 audit(1795152121.524:1): state=initialized audit_enabled=0 res=1',
    ],
  ])('takes the text of %j', (record, text) => {
    expect(kmsgMessage(record)).toBe(text);
  });

  it.each(['', 'no header', 'a,b,c;text', ';text'])('rejects %j', (record) => {
    expect(kmsgMessage(record)).toBeUndefined();
  });

  it('feeds kernel-log USER markers to the parser as USER records (type 1107)', () => {
    const line = kmsgMessage(
      '5,9,9,-;audit: type=1107 audit(1795771915.601:2438): pid=18307 uid=0 auid=4294967295 ses=4294967295 msg=\'text=seccompose-abc-end exe="/usr/sbin/auditctl" hostname=? addr=? terminal=? res=success\'',
    )!;
    expect(parseAuditLine(line)).toEqual({ kind: 'user', serial: 2438, text: 'seccompose-abc-end' });
  });
});
