import { ipAllowed, isIpOrCidr } from 'src/api-keys/ip-whitelist';

describe('IP whitelist entries', () => {
  it('should accept bare addresses and CIDRs of both families', () => {
    for (const good of [
      '10.0.0.0/8',
      '127.0.0.1',
      '0.0.0.0/0',
      '192.0.2.7/32',
      '2001:db8::/32',
      '::1',
      '::/0',
    ]) {
      expect(isIpOrCidr(good)).toBe(true);
    }
  });

  it('should refuse junk, out-of-range prefixes and double slashes', () => {
    for (const bad of [
      '',
      'localhost',
      '10.0.0.0/33',
      '2001:db8::/129',
      '10.0.0.0/',
      '10.0.0.0/8/8',
      '10.0.0/8',
      '1.2.3.4/-1',
      '1.2.3.4/ 8',
    ]) {
      expect(isIpOrCidr(bad)).toBe(false);
    }
  });

  it('should match an address against the whitelist, treating IPv4-mapped IPv6 as IPv4', () => {
    expect(ipAllowed('127.0.0.1', ['127.0.0.0/8'])).toBe(true);
    expect(ipAllowed('::ffff:127.0.0.1', ['127.0.0.0/8'])).toBe(true);
    expect(ipAllowed('127.0.0.1', ['10.0.0.0/8'])).toBe(false);
    expect(ipAllowed('2001:db8::5', ['2001:db8::/32'])).toBe(true);
    expect(ipAllowed(null, ['0.0.0.0/0'])).toBe(false);
  });
});
