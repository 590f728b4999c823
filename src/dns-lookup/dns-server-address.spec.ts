import { formatServerAddress, parseServerAddress } from 'src/dns-lookup/dns-server-address';

describe('dns-server-address', () => {
  it.each([
    ['127.0.0.1', { host: '127.0.0.1', port: 53, family: 4 }],
    ['127.0.0.1:5311', { host: '127.0.0.1', port: 5311, family: 4 }],
    [' 192.0.2.1:53 ', { host: '192.0.2.1', port: 53, family: 4 }],
    ['::1', { host: '::1', port: 53, family: 6 }],
    ['[::1]', { host: '::1', port: 53, family: 6 }],
    ['[::1]:5311', { host: '::1', port: 5311, family: 6 }],
    ['2001:db8::53', { host: '2001:db8::53', port: 53, family: 6 }],
  ])('should parse %j', (text, expected) => {
    expect(parseServerAddress(text)).toEqual(expected);
  });

  it('should use the given default port', () => {
    expect(parseServerAddress('127.0.0.1', 15353).port).toBe(15353);
    expect(parseServerAddress('127.0.0.1:53', 15353).port).toBe(53);
  });

  it.each([
    '',
    'localhost',
    'ns1.example.org:53',
    '127.0.0.1:0',
    '127.0.0.1:70000',
    '[127.0.0.1]:53',
    '256.1.1.1',
    '[::1]:x',
  ])('should refuse %j', (text) => {
    expect(() => parseServerAddress(text)).toThrow(/invalid (port in )?DNS server address/);
  });

  it('should format addresses with ports, bracketing IPv6', () => {
    expect(formatServerAddress(parseServerAddress('127.0.0.1:5311'))).toBe('127.0.0.1:5311');
    expect(formatServerAddress(parseServerAddress('::1'))).toBe('[::1]:53');
  });
});
