import { describe, expect, it } from 'vitest';
import { parseLog } from '../../../src/diagnose/log-parse.js';

describe('parseLog', () => {
  it('journalctl -o short-iso (as recorded from a lab host)', () => {
    const [e] = parseLog(
      '2026-11-25T08:40:09+0000 lb-host-1 Keepalived_vrrp[777]: (VI_1) Entering MASTER STATE\n',
      'x.log',
    );
    expect(e).toEqual({
      time: '2026-11-25T08:40:09+0000',
      host: 'lb-host-1',
      process: 'Keepalived_vrrp',
      message: '(VI_1) Entering MASTER STATE',
      line: 1,
      source: 'x.log',
    });
  });

  it('journalctl -o short and classic syslog', () => {
    const [e] = parseLog(
      'Mar 28 12:30:24 lb-host-1 Keepalived_vrrp[3970]: Unable to load ipset library',
      's',
    );
    expect(e).toMatchObject({
      time: 'Mar 28 12:30:24',
      host: 'lb-host-1',
      process: 'Keepalived_vrrp',
      message: 'Unable to load ipset library',
    });
    const [d] = parseLog('Mar  3 02:00:01 lb1 Keepalived[12]: Stopping', 's');
    expect(d).toMatchObject({ time: 'Mar  3 02:00:01', host: 'lb1', message: 'Stopping' });
  });

  it('RFC 3339 syslog (rsyslog high-precision timestamps)', () => {
    const [e] = parseLog(
      '2026-11-25T08:40:09.123456+00:00 lb-host-2 Keepalived_vrrp[9]: (VI_1) received an invalid passwd!',
      's',
    );
    expect(e).toMatchObject({
      time: '2026-11-25T08:40:09.123456+00:00',
      host: 'lb-host-2',
      message: '(VI_1) received an invalid passwd!',
    });
  });

  it("keepalived's console format (-l): 2.x with a date, 1.x with the process name", () => {
    const [a] = parseLog('Wed Nov 25 08:29:27 2026: (VI_1) the virtual router id must be set', 'c');
    expect(a).toMatchObject({
      time: 'Wed Nov 25 08:29:27 2026',
      message: '(VI_1) the virtual router id must be set',
      host: undefined,
    });
    const [b] = parseLog('Keepalived_vrrp[3970]: VRRP Error : VRID not valid !', 'c');
    expect(b).toMatchObject({
      process: 'Keepalived_vrrp',
      message: 'VRRP Error : VRID not valid !',
      time: undefined,
    });
  });

  it('keeps unknown lines (keepalived -t stderr) whole, drops journal chatter and blank lines', () => {
    const entries = parseLog(
      "-- No entries --\n\n(/etc/keepalived/keepalived.conf: Line 14) Unknown keyword 'frobnicate'\n",
      'c',
    );
    expect(entries).toEqual([
      {
        message: "(/etc/keepalived/keepalived.conf: Line 14) Unknown keyword 'frobnicate'",
        line: 3,
        source: 'c',
      },
    ]);
  });
});
