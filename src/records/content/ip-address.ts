/** Strict dotted quad: four decimal octets 0-255 without leading zeros (`010` could mean octal 8). */
export function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9][0-9]{0,2})$/.test(part))) {
    return null;
  }
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

/**
 * An IPv6 address as eight 16-bit words: hex groups of 1-4 digits, one `::` at most, and optionally a dotted quad in
 * the last 32 bits (`::ffff:192.0.2.1`). No zone index (`%eth0`), brackets or prefix length.
 */
export function parseIpv6(text: string): number[] | null {
  let head = text;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    const ipv4 = parseIpv4(text.slice(lastColon + 1));
    if (ipv4 === null) {
      return null;
    }
    tail.push((ipv4[0] << 8) | ipv4[1], (ipv4[2] << 8) | ipv4[3]);
    // Keep the colon when it belongs to a `::` (`::1.2.3.4`); drop it otherwise (`ffff:1.2.3.4`).
    head = text.slice(0, text[lastColon - 1] === ':' ? lastColon + 1 : lastColon);
  }
  const halves = head.split('::');
  if (halves.length > 2) {
    return null;
  }
  const parseGroups = (part: string): number[] | null => {
    if (part === '') {
      return [];
    }
    const groups = part.split(':');
    return groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))
      ? groups.map((group) => parseInt(group, 16))
      : null;
  };
  const left = parseGroups(halves[0]);
  const right = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (left === null || right === null) {
    return null;
  }
  const given = left.length + right.length + tail.length;
  if (halves.length === 2) {
    return given < 8 ? [...left, ...new Array<number>(8 - given).fill(0), ...right, ...tail] : null;
  }
  return given === 8 ? [...left, ...tail] : null;
}

/**
 * RFC 5952 text: lowercase, no leading zeros, the longest run (the first of equals) of two or more zero words as
 * `::`. With `embeddedIpv4`, IPv4-mapped and IPv4-compatible addresses end in a dotted quad (`::ffff:192.0.2.1`,
 * `::192.0.2.1`), exactly as glibc's inet_ntop, and therefore PowerDNS, writes them.
 */
export function formatIpv6(words: number[], options: { embeddedIpv4: boolean }): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i += 1;
      continue;
    }
    let end = i;
    while (end < 8 && words[end] === 0) {
      end += 1;
    }
    if (end - i > best.length) {
      best = { start: i, length: end - i };
    }
    i = end;
  }
  if (best.length < 2) {
    best = { start: -1, length: 0 };
  }
  const embedsIpv4 =
    options.embeddedIpv4 &&
    best.start === 0 &&
    (best.length === 6 || (best.length === 5 && words[5] === 0xffff));
  const hexWords = embedsIpv4 ? words.slice(0, 6) : words;
  const groups = hexWords.map((word) => word.toString(16));
  if (embedsIpv4) {
    groups.push([words[6] >> 8, words[6] & 0xff, words[7] >> 8, words[7] & 0xff].join('.'));
  }
  if (best.start < 0) {
    return groups.join(':');
  }
  const before = groups.slice(0, best.start).join(':');
  const after = groups.slice(best.start + best.length).join(':');
  return `${before}::${after}`;
}
