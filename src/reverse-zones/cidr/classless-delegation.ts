import { addressCount } from 'src/reverse-zones/cidr/ip-cidr';
import { ZoneRange, classlessParent } from 'src/reverse-zones/cidr/reverse-names';

/** A record of the parent /24 zone that delegates an RFC 2317 zone. Names and targets are absolute. */
export interface DelegationRecord {
  name: string;
  type: 'CNAME' | 'NS';
  content: string;
}

/**
 * RFC 2317 §4: in the parent /24 zone, one CNAME per address of the classless range pointing into the classless
 * zone (`10.2.0.192.in-addr.arpa. CNAME 10.0-26.2.0.192.in-addr.arpa.`), and NS records at the classless zone's
 * name for the platform nameservers (`0-26.2.0.192.in-addr.arpa. NS ns1...`).
 */
export function classlessDelegation(zone: ZoneRange, nameservers: string[]): DelegationRecord[] {
  if (!zone.classless) {
    throw new RangeError(`${zone.name} is not an RFC 2317 zone`);
  }
  const parent = classlessParent(zone).name;
  const first = Number(zone.cidr.network & 0xffn);
  const records: DelegationRecord[] = [];
  for (let offset = 0; offset < Number(addressCount(zone.cidr)); offset++) {
    const octet = first + offset;
    records.push({ name: `${octet}.${parent}.`, type: 'CNAME', content: `${octet}.${zone.name}.` });
  }
  for (const nameserver of nameservers) {
    records.push({
      name: `${zone.name}.`,
      type: 'NS',
      content: nameserver.endsWith('.') ? nameserver : `${nameserver}.`,
    });
  }
  return records;
}
