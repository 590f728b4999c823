import { isInZone, pdnsZoneId, toAbsoluteName, zonePath } from 'src/powerdns/powerdns-names';
import { PowerDnsInvalidRequestError } from 'src/powerdns/powerdns.errors';

describe('powerdns-names', () => {
  it('should make names lowercase and absolute', () => {
    expect(toAbsoluteName(' Example.ORG ', 'op')).toBe('example.org.');
    expect(toAbsoluteName('www.example.org.', 'op')).toBe('www.example.org.');
  });

  it.each(['', '.', 'a..b.', 'has space.org.', '.leading.dot.'])('should refuse the name %j', (name) => {
    expect(() => toAbsoluteName(name, 'op')).toThrow(PowerDnsInvalidRequestError);
  });

  it('should tell names inside a zone from look-alikes', () => {
    expect(isInZone('example.org.', 'example.org.')).toBe(true);
    expect(isInZone('www.example.org.', 'example.org.')).toBe(true);
    expect(isInZone('badexample.org.', 'example.org.')).toBe(false);
    expect(isInZone('other.org.', 'example.org.')).toBe(false);
  });

  it('should escape zone ids the way PowerDNS does', () => {
    expect(pdnsZoneId('example.org.')).toBe('example.org.');
    expect(pdnsZoneId('0/26.2.0.192.in-addr.arpa.')).toBe('0=2F26.2.0.192.in-addr.arpa.');
    expect(pdnsZoneId('_x.probe.test.')).toBe('=5Fx.probe.test.');
    expect(pdnsZoneId('.')).toBe('=2E');
  });

  it('should URL-encode the escaped id in the path', () => {
    expect(zonePath('0/26.2.0.192.in-addr.arpa.')).toBe('/zones/0%3D2F26.2.0.192.in-addr.arpa.');
    expect(zonePath('xn--bcher-kva.example.')).toBe('/zones/xn--bcher-kva.example.');
  });
});
