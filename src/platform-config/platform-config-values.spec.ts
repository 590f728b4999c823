import { PLATFORM_CONFIG_KEYS, findPlatformConfigKey } from 'src/platform-config/platform-config-keys';
import {
  parseChallengeTtl,
  parseDomainList,
  parseNameserverHost,
  parseNameserverList,
} from 'src/platform-config/platform-config-values';

describe('platform config values', () => {
  describe('parseNameserverHost', () => {
    it('should make host names absolute, lowercase and punycode', () => {
      expect(parseNameserverHost('NS1.Example.NET')).toEqual({ ok: true, host: 'ns1.example.net.' });
      expect(parseNameserverHost('ns1.example.net.')).toEqual({ ok: true, host: 'ns1.example.net.' });
      expect(parseNameserverHost('ns.bücher.de')).toEqual({ ok: true, host: 'ns.xn--bcher-kva.de.' });
    });

    it.each([
      ['192.0.2.1', 'IP address'],
      ['2001:db8::1', 'IP address'],
      ['localhost', 'two labels'],
      ['ns_1.example.net', 'underscores'],
      ['*.example.net', 'wildcard'],
      ['ns1..example.net', 'empty label'],
      ['-ns.example.net', 'hyphen'],
      ['ns1.example.123', 'numeric label'],
      ['', 'required'],
    ])('should refuse %s', (input, reason) => {
      const parsed = parseNameserverHost(input);
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? '' : parsed.error).toContain(reason);
    });
  });

  describe('parseNameserverList', () => {
    it('should keep the order and refuse duplicates after normalisation', () => {
      expect(parseNameserverList(['b.example.net', 'A.example.net.'])).toEqual({
        ok: true,
        nameservers: ['b.example.net.', 'a.example.net.'],
      });
      expect(parseNameserverList(['a.example.net', 'A.EXAMPLE.NET.'])).toEqual({
        ok: false,
        error: "Nameserver 'a.example.net.' is listed twice",
      });
    });

    it('should want 2 to 13 host names', () => {
      const hosts = (count: number) => Array.from({ length: count }, (_, index) => `ns${index}.example.net`);
      expect(parseNameserverList(hosts(1)).ok).toBe(false);
      expect(parseNameserverList(hosts(2)).ok).toBe(true);
      expect(parseNameserverList(hosts(13)).ok).toBe(true);
      expect(parseNameserverList(hosts(14)).ok).toBe(false);
      expect(parseNameserverList('ns1.example.net').ok).toBe(false);
    });
  });

  describe('parseDomainList', () => {
    it('should normalise zone names without the trailing dot and refuse duplicates and bad names', () => {
      expect(parseDomainList(['Example.COM.', 'example.net'])).toEqual({
        ok: true,
        domains: ['example.com', 'example.net'],
      });
      expect(parseDomainList([])).toEqual({ ok: true, domains: [] });
      expect(parseDomainList(['example.com', 'EXAMPLE.com']).ok).toBe(false);
      expect(parseDomainList(['com']).ok).toBe(false);
      expect(parseDomainList([42]).ok).toBe(false);
    });
  });

  describe('parseChallengeTtl', () => {
    it('should accept whole seconds from 60 to 2592000', () => {
      expect(parseChallengeTtl('60')).toEqual({ ok: true, seconds: 60 });
      expect(parseChallengeTtl(' 7200 ')).toEqual({ ok: true, seconds: 7200 });
      expect(parseChallengeTtl('2592000')).toEqual({ ok: true, seconds: 2_592_000 });
    });

    it.each(['59', '2592001', '1.5', '-60', 'soon', '', '1e4'])('should refuse %p', (input) => {
      expect(parseChallengeTtl(input).ok).toBe(false);
    });
  });

  describe('known keys', () => {
    it('should store canonical values and refuse invalid ones per key', () => {
      expect(findPlatformConfigKey('validation.challenge_ttl')?.parse('0100')).toEqual({
        ok: true,
        value: '100',
      });
      expect(
        findPlatformConfigKey('dns.nameservers')?.parse('["NS1.example.net","ns2.example.net"]'),
      ).toEqual({
        ok: true,
        value: '["ns1.example.net.","ns2.example.net."]',
      });
      expect(findPlatformConfigKey('dns.nameservers')?.parse('ns1.example.net').ok).toBe(false);
      expect(findPlatformConfigKey('dns.authoritative_domains')?.parse('{}').ok).toBe(false);
      expect(findPlatformConfigKey('rate_limit.default_per_minute')).toBeNull();
    });

    it('should describe every key and send list-valued keys to their own routes', () => {
      for (const definition of PLATFORM_CONFIG_KEYS) {
        expect(definition.description.length).toBeGreaterThan(20);
      }
      expect(
        PLATFORM_CONFIG_KEYS.filter((definition) => definition.editedThrough)
          .map((definition) => definition.key)
          .sort(),
      ).toEqual(['dns.authoritative_domains', 'dns.nameservers']);
    });
  });
});
