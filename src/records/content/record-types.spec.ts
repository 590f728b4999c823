import { RECORD_TYPES, RECORD_TYPE_INFO, isRecordType } from 'src/records/content/record-types';
import { canonicaliseContent } from 'src/records/content/record-content';
import { normaliseRecordName } from 'src/records/content/record-name';

describe('record types', () => {
  it('should list the 16 documented types', () => {
    expect(RECORD_TYPES).toEqual([
      'A',
      'AAAA',
      'MX',
      'CNAME',
      'TXT',
      'NS',
      'SRV',
      'PTR',
      'SOA',
      'CAA',
      'SSHFP',
      'TLSA',
      'DNAME',
      'NAPTR',
      'DS',
      'ALIAS',
    ]);
  });

  it('should recognise types exactly', () => {
    expect(isRecordType('MX')).toBe(true);
    expect(isRecordType('mx')).toBe(false);
    expect(isRecordType('SPF')).toBe(false);
    expect(isRecordType(undefined)).toBe(false);
  });

  it('should describe every type once, in the same order', () => {
    expect(RECORD_TYPE_INFO.map((info) => info.type)).toEqual([...RECORD_TYPES]);
    for (const info of RECORD_TYPE_INFO) {
      expect(info.description.length).toBeGreaterThan(10);
    }
  });

  it.each(RECORD_TYPE_INFO.map((info) => [info.type, info]))(
    'should give %s an example that is valid and already canonical',
    (_type, info) => {
      expect(canonicaliseContent(info.type, info.example_content, 'example.com.')).toEqual({
        ok: true,
        content: info.example_content,
      });
      expect(normaliseRecordName(info.example_name, 'example.com.').ok).toBe(true);
    },
  );
});
