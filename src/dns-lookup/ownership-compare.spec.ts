import { CheckedServer } from 'src/dns-lookup/dns-lookup.types';
import { compareNameservers, summarizeTxtCheck, txtVerdict } from 'src/dns-lookup/ownership-compare';

const EXPECTED = 'scaidns-verify=a1b2c3';
const RECORD = '_scaidns-verify.Example.com.';

function server(
  result: CheckedServer['result'],
  name = 'ns1.example.net',
  values: string[] = [],
): CheckedServer {
  return { server: name, address: '192.0.2.1:53', source: 'authoritative', result, values };
}

describe('ownership-compare', () => {
  describe('txtVerdict', () => {
    it('should find the expected value among several TXT records', () => {
      expect(txtVerdict(['v=spf1 -all', EXPECTED], EXPECTED)).toBe('match');
    });

    it('should ignore surrounding whitespace and one pair of quotes', () => {
      expect(txtVerdict([` "${EXPECTED}" `], EXPECTED)).toBe('match');
    });

    it('should compare the rest exactly', () => {
      expect(txtVerdict([EXPECTED.toUpperCase()], EXPECTED)).toBe('mismatch');
      expect(txtVerdict([`${EXPECTED}0`], EXPECTED)).toBe('mismatch');
      expect(txtVerdict(['"'], '"')).toBe('match');
    });

    it('should call an empty rrset missing', () => {
      expect(txtVerdict([], EXPECTED)).toBe('missing');
    });
  });

  describe('summarizeTxtCheck', () => {
    it('should pass when every answering server matches, ignoring unreachable ones', () => {
      const result = summarizeTxtCheck(RECORD, EXPECTED, [
        server('match'),
        server('unreachable', 'ns2'),
        server('match', 'ns3'),
      ]);
      expect(result).toEqual({
        outcome: 'valid',
        message: 'TXT record _scaidns-verify.example.com has the expected value',
      });
    });

    it('should return null when no server answered', () => {
      expect(
        summarizeTxtCheck(RECORD, EXPECTED, [server('unreachable'), server('unreachable', 'ns2')]),
      ).toBeNull();
      expect(summarizeTxtCheck(RECORD, EXPECTED, [])).toBeNull();
    });

    it('should say the documented sentence when no server has the record', () => {
      expect(summarizeTxtCheck(RECORD, EXPECTED, [server('missing'), server('unreachable', 'ns2')])).toEqual({
        outcome: 'invalid',
        message: 'No DNS record found for _scaidns-verify.example.com',
      });
    });

    it('should say the documented sentence with the expected value when values differ', () => {
      expect(summarizeTxtCheck(RECORD, EXPECTED, [server('mismatch'), server('missing', 'ns2')])).toEqual({
        outcome: 'invalid',
        message: "TXT record found but value doesn't match. Expected: scaidns-verify=a1b2c3",
      });
    });

    it('should fail and name the lagging servers when only some servers match', () => {
      const result = summarizeTxtCheck(RECORD, EXPECTED, [
        server('match'),
        server('missing', 'ns2.example.net'),
      ]);
      expect(result?.outcome).toBe('invalid');
      expect(result?.message).toBe(
        'TXT record _scaidns-verify.example.com has the expected value on 1 of 2 nameservers, not yet on ' +
          'ns2.example.net (192.0.2.1:53). Wait for the change to reach every nameserver.',
      );
    });
  });

  describe('compareNameservers', () => {
    it('should match sets regardless of case, trailing dots, order and duplicates', () => {
      expect(
        compareNameservers(
          'Example.com.',
          ['NS2.scaidns.test', 'ns1.scaidns.test.', 'ns1.scaidns.test'],
          ['ns1.scaidns.test.', 'ns2.scaidns.test.'],
        ),
      ).toEqual({
        valid: true,
        outcome: 'valid',
        message: 'Nameservers match: ns1.scaidns.test, ns2.scaidns.test',
        found: ['ns1.scaidns.test', 'ns2.scaidns.test'],
        expected: ['ns1.scaidns.test', 'ns2.scaidns.test'],
      });
    });

    it('should list what was found and what was expected when the sets differ', () => {
      const result = compareNameservers(
        'example.com',
        ['ns1.scaidns.test', 'ns.other.test'],
        ['ns1.scaidns.test', 'ns2.scaidns.test'],
      );
      expect(result).toMatchObject({ valid: false, outcome: 'invalid' });
      expect(result.message).toBe(
        "Nameservers don't match. Expected: ns1.scaidns.test, ns2.scaidns.test; found: ns.other.test, ns1.scaidns.test",
      );
    });

    it('should refuse a subset and a superset', () => {
      expect(compareNameservers('x.test', ['a.test'], ['a.test', 'b.test']).valid).toBe(false);
      expect(compareNameservers('x.test', ['a.test', 'b.test', 'c.test'], ['a.test', 'b.test']).valid).toBe(
        false,
      );
    });

    it('should say when there are no NS records at all', () => {
      expect(compareNameservers('x.test', [], ['a.test']).message).toBe(
        'No NS records found for x.test. Expected: a.test',
      );
    });
  });
});
