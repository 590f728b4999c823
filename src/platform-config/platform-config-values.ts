import { MAX_NAME_CHARS, nameFits, toAsciiLabels } from 'src/records/content/dns-labels';
import { parseIpv4, parseIpv6 } from 'src/records/content/ip-address';
import { normaliseZoneName } from 'src/records/content/record-name';
import { ValidationResult, invalid } from 'src/records/content/validation-result';

/** An NS rrset of 13 names still fits a classic 512-byte UDP answer (the root zone's own limit). */
export const MIN_NAMESERVERS = 2;
export const MAX_NAMESERVERS = 13;
export const MAX_AUTHORITATIVE_DOMAINS = 1000;

export const MIN_CHALLENGE_TTL = 60;
export const MAX_CHALLENGE_TTL = 30 * 86_400;

/**
 * A nameserver host name, made absolute: letters, digits and hyphens only (RFC 1123 host names — no underscores, no
 * wildcard), at least two labels, not an IP address, lowercase, Unicode labels as punycode.
 */
export function parseNameserverHost(input: unknown): ValidationResult<{ host: string }> {
  if (typeof input !== 'string') {
    return invalid('A nameserver must be a host name string');
  }
  const text = input.trim();
  if (text === '' || text === '.') {
    return invalid('A nameserver host name is required');
  }
  const body = text.replace(/\.$/, '');
  if (parseIpv4(body) !== null || parseIpv6(text) !== null) {
    return invalid(`Nameserver '${text}' is an IP address; write its host name`);
  }
  const labels = toAsciiLabels(body, 'Nameserver');
  if (!labels.ok) {
    return labels;
  }
  if (labels.labels.length < 2) {
    return invalid(`Nameserver '${text}' needs at least two labels, e.g. ns1.example.net`);
  }
  if (labels.labels.some((label) => label.includes('_'))) {
    return invalid(`Nameserver '${text}' is not a host name: underscores are not allowed`);
  }
  if (/^[0-9]+$/.test(labels.labels[labels.labels.length - 1])) {
    return invalid(`Nameserver '${text}' ends in a numeric label; a host name ends in a top-level domain`);
  }
  const host = `${labels.labels.join('.')}.`;
  if (!nameFits(host)) {
    return invalid(`Nameserver '${text}' is longer than ${MAX_NAME_CHARS} characters`);
  }
  return { ok: true, host };
}

/** The platform nameserver list: 2..13 host names, absolute, no duplicates; the first one is the SOA primary. */
export function parseNameserverList(input: unknown): ValidationResult<{ nameservers: string[] }> {
  if (!Array.isArray(input)) {
    return invalid('nameservers must be a list of host names');
  }
  if (input.length < MIN_NAMESERVERS || input.length > MAX_NAMESERVERS) {
    return invalid(
      `Give between ${MIN_NAMESERVERS} and ${MAX_NAMESERVERS} nameservers (got ${input.length})`,
    );
  }
  const nameservers: string[] = [];
  for (const entry of input) {
    const parsed = parseNameserverHost(entry);
    if (!parsed.ok) {
      return parsed;
    }
    if (nameservers.includes(parsed.host)) {
      return invalid(`Nameserver '${parsed.host}' is listed twice`);
    }
    nameservers.push(parsed.host);
  }
  return { ok: true, nameservers };
}

/** Zone names (lowercase punycode, without the trailing dot), no duplicates, at most MAX_AUTHORITATIVE_DOMAINS. */
export function parseDomainList(input: unknown): ValidationResult<{ domains: string[] }> {
  if (!Array.isArray(input)) {
    return invalid('domains must be a list of domain names');
  }
  if (input.length > MAX_AUTHORITATIVE_DOMAINS) {
    return invalid(`At most ${MAX_AUTHORITATIVE_DOMAINS} domains (got ${input.length})`);
  }
  const domains: string[] = [];
  for (const entry of input) {
    if (typeof entry !== 'string') {
      return invalid('Every domain must be a string');
    }
    const parsed = normaliseZoneName(entry);
    if (!parsed.ok) {
      return parsed;
    }
    const name = parsed.fqdn.slice(0, -1);
    if (domains.includes(name)) {
      return invalid(`Domain '${name}' is listed twice`);
    }
    domains.push(name);
  }
  return { ok: true, domains };
}

/** Whole seconds between MIN_CHALLENGE_TTL and MAX_CHALLENGE_TTL, written as decimal digits. */
export function parseChallengeTtl(input: string): ValidationResult<{ seconds: number }> {
  const text = input.trim();
  if (!/^[0-9]{1,9}$/.test(text)) {
    return invalid(`validation.challenge_ttl must be a whole number of seconds (got '${input}')`);
  }
  const seconds = Number(text);
  if (seconds < MIN_CHALLENGE_TTL || seconds > MAX_CHALLENGE_TTL) {
    return invalid(
      `validation.challenge_ttl must be between ${MIN_CHALLENGE_TTL} and ${MAX_CHALLENGE_TTL} seconds (got ${seconds})`,
    );
  }
  return { ok: true, seconds };
}

/** A JSON list stored as a config value; anything else is a refusal naming the key. */
export function parseJsonList(key: string, text: string): ValidationResult<{ list: unknown[] }> {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? { ok: true, list: value } : invalid(`${key} must be a JSON list`);
  } catch {
    return invalid(`${key} must be a JSON list, e.g. ["a.example.net"]`);
  }
}
