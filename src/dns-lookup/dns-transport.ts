import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import {
  DnsMessage,
  DnsWireFormatError,
  RCODE,
  decodeMessage,
  encodeQuery,
  normalizeName,
} from 'src/dns-lookup/dns-wire';
import { DnsServerAddress, formatServerAddress } from 'src/dns-lookup/dns-server-address';

/** UDP payload size advertised with EDNS(0): the DNS Flag Day 2020 value, safe from IP fragmentation. */
const EDNS_UDP_SIZE = 1232;

export type DnsQueryFailure = 'timeout' | 'network' | 'malformed';

/** One exchange with one server failed: no answer in time, a socket error, or bytes that are not a DNS answer. */
export class DnsQueryError extends Error {
  override readonly name = 'DnsQueryError';

  constructor(
    readonly kind: DnsQueryFailure,
    /** `ip:port` of the server. */
    readonly server: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface DnsExchangeOptions {
  /** RD bit: true for recursive resolvers, false when asking an authoritative server about its own data. */
  recursionDesired: boolean;
  /** Per exchange (the UDP attempt and, after truncation, the TCP attempt each get this long). */
  timeoutMs: number;
}

/**
 * Sends one question to one server and returns its answer, whatever the rcode: over UDP with EDNS(0), again over TCP
 * when the answer is truncated (TC), again without EDNS when the server answers FORMERR (pre-EDNS servers).
 * Answers whose id or question differ from the query are ignored (late or spoofed packets). Never retries on its
 * own and never waits longer than `timeoutMs` per exchange; DnsLookupService decides about retries.
 */
@Injectable()
export class DnsTransport {
  async query(
    server: DnsServerAddress,
    name: string,
    type: number,
    options: DnsExchangeOptions,
  ): Promise<DnsMessage> {
    const question = { name: normalizeName(name), type };
    const udp = (ednsUdpSize?: number): Promise<DnsMessage> =>
      this.udp(server, this.packet(question, options, ednsUdpSize), question, options.timeoutMs);
    let answer = await udp(EDNS_UDP_SIZE);
    if (answer.rcode === RCODE.FORMERR) {
      answer = await udp();
    }
    if (answer.truncated) {
      answer = await this.tcp(
        server,
        this.packet(question, options, EDNS_UDP_SIZE),
        question,
        options.timeoutMs,
      );
    }
    return answer;
  }

  private packet(question: Question, options: DnsExchangeOptions, ednsUdpSize?: number): Buffer {
    return encodeQuery({
      id: randomInt(0, 0x10000),
      name: question.name,
      type: question.type,
      recursionDesired: options.recursionDesired,
      ednsUdpSize,
    });
  }

  private udp(
    server: DnsServerAddress,
    packet: Buffer,
    question: Question,
    timeoutMs: number,
  ): Promise<DnsMessage> {
    const label = formatServerAddress(server);
    return new Promise((resolve, reject) => {
      const socket = createSocket(server.family === 6 ? 'udp6' : 'udp4');
      let settled = false;
      const finish = (outcome: DnsMessage | Error): void => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        socket.close();
        if (outcome instanceof Error) {
          reject(outcome);
        } else {
          resolve(outcome);
        }
      };
      const timer = setTimeout(
        () => finish(new DnsQueryError('timeout', label, `${label} did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.on('error', (error) => finish(networkError(label, error)));
      socket.on('message', (bytes) => {
        const outcome = matchAnswer(bytes, packet, question, label);
        if (outcome) {
          finish(outcome);
        }
      });
      // A connected socket only accepts packets from the server, and reports ICMP port-unreachable as ECONNREFUSED.
      // Without a callback a failed connect() arrives as 'error' (with one it would bypass the error listener).
      socket.once('connect', () => {
        if (settled) {
          return;
        }
        socket.send(packet, (error) => {
          if (error) {
            finish(networkError(label, error));
          }
        });
      });
      socket.connect(server.port, server.host);
    });
  }

  private tcp(
    server: DnsServerAddress,
    packet: Buffer,
    question: Question,
    timeoutMs: number,
  ): Promise<DnsMessage> {
    const label = formatServerAddress(server);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: server.host, port: server.port });
      const chunks: Buffer[] = [];
      let received = 0;
      let settled = false;
      const finish = (outcome: DnsMessage | Error): void => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        if (outcome instanceof Error) {
          reject(outcome);
        } else {
          resolve(outcome);
        }
      };
      const timer = setTimeout(
        () =>
          finish(
            new DnsQueryError('timeout', label, `${label} did not answer over TCP within ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      socket.on('error', (error) => finish(networkError(label, error)));
      socket.on('close', () =>
        finish(new DnsQueryError('network', label, `${label} closed the TCP connection before answering`)),
      );
      socket.on('data', (chunk) => {
        chunks.push(chunk);
        received += chunk.length;
        const all = received >= 2 ? Buffer.concat(chunks) : null;
        if (!all || all.length < 2 + all.readUInt16BE(0)) {
          return;
        }
        finish(
          matchAnswer(all.subarray(2, 2 + all.readUInt16BE(0)), packet, question, label) ??
            new DnsQueryError('malformed', label, `${label} answered another query over TCP`),
        );
      });
      const length = Buffer.alloc(2);
      length.writeUInt16BE(packet.length);
      socket.write(Buffer.concat([length, packet]));
    });
  }
}

interface Question {
  name: string;
  type: number;
}

/**
 * The decoded answer when `bytes` answers `query`; null when the packet is not for us (other id: ignore it);
 * a DnsQueryError when it carries our id but cannot be decoded or answers another question.
 */
function matchAnswer(
  bytes: Buffer,
  query: Buffer,
  question: Question,
  label: string,
): DnsMessage | Error | null {
  if (bytes.length < 2 || bytes.readUInt16BE(0) !== query.readUInt16BE(0)) {
    return null;
  }
  let message: DnsMessage;
  try {
    message = decodeMessage(bytes);
  } catch (error) {
    const reason = error instanceof DnsWireFormatError ? error.message : String(error);
    return new DnsQueryError('malformed', label, `${label} sent a malformed answer: ${reason}`, {
      cause: error,
    });
  }
  const echoed = message.questions[0];
  if (!message.response || (echoed && (echoed.name !== question.name || echoed.type !== question.type))) {
    return null;
  }
  return message;
}

function networkError(label: string, error: Error): DnsQueryError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ECONNREFUSED' ? 'connection refused' : error.message;
  return new DnsQueryError('network', label, `${label}: ${reason}${code ? ` (${code})` : ''}`, {
    cause: error,
  });
}
