/** The largest TTL a zone file may state (RFC 2181 §8: 31 bits). */
const MAX_ZONE_TTL = 2_147_483_647;

const UNIT_SECONDS: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };
const TTL_WORD = /^(?:[0-9]+|(?:[0-9]+[wdhms])+)$/i;

/** Whether a zone-file word is a TTL: `3600`, or BIND's unit form `1h30m`, `2d`, `1W`. */
export function isTtlWord(word: string): boolean {
  return TTL_WORD.test(word);
}

/** Seconds of a TTL word, or null when it is not one or is larger than 2^31 - 1. */
export function parseTtlWord(word: string): number | null {
  if (!isTtlWord(word)) {
    return null;
  }
  let seconds = 0;
  if (/^[0-9]+$/.test(word)) {
    seconds = Number(word);
  } else {
    for (const [, amount, unit] of word.matchAll(/([0-9]+)([wdhms])/gi)) {
      seconds += Number(amount) * UNIT_SECONDS[unit.toLowerCase()];
    }
  }
  return Number.isSafeInteger(seconds) && seconds <= MAX_ZONE_TTL ? seconds : null;
}
