import { classlessDelegation } from 'src/reverse-zones/cidr/classless-delegation';
import { planReverseZones } from 'src/reverse-zones/cidr/reverse-names';

function zone(text: string) {
  const result = planReverseZones(text);
  if (!result.ok) {
    throw new Error(result.error);
  }
  return result.plan.zones[0];
}

describe('classlessDelegation', () => {
  it('should add one CNAME per address and NS records for the classless label', () => {
    const records = classlessDelegation(zone('192.0.2.64/30'), ['ns1.example.net.', 'ns2.example.net']);
    expect(records).toEqual([
      { name: '64.2.0.192.in-addr.arpa.', type: 'CNAME', content: '64.64-30.2.0.192.in-addr.arpa.' },
      { name: '65.2.0.192.in-addr.arpa.', type: 'CNAME', content: '65.64-30.2.0.192.in-addr.arpa.' },
      { name: '66.2.0.192.in-addr.arpa.', type: 'CNAME', content: '66.64-30.2.0.192.in-addr.arpa.' },
      { name: '67.2.0.192.in-addr.arpa.', type: 'CNAME', content: '67.64-30.2.0.192.in-addr.arpa.' },
      { name: '64-30.2.0.192.in-addr.arpa.', type: 'NS', content: 'ns1.example.net.' },
      { name: '64-30.2.0.192.in-addr.arpa.', type: 'NS', content: 'ns2.example.net.' },
    ]);
  });

  it('should cover the whole range of a /25', () => {
    const cnames = classlessDelegation(zone('192.0.2.128/25'), []).filter(
      (record) => record.type === 'CNAME',
    );
    expect(cnames).toHaveLength(128);
    expect(cnames[127]).toEqual({
      name: '255.2.0.192.in-addr.arpa.',
      type: 'CNAME',
      content: '255.128-25.2.0.192.in-addr.arpa.',
    });
  });

  it('should refuse zones that are not classless', () => {
    expect(() => classlessDelegation(zone('192.0.2.0/24'), [])).toThrow(RangeError);
  });
});
