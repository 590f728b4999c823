import { Socket as UdpSocket, createSocket } from 'node:dgram';
import { Server, Socket, createServer } from 'node:net';
import { DnsServerAddress } from 'src/dns-lookup/dns-server-address';
import { DnsQueryError, DnsTransport } from 'src/dns-lookup/dns-transport';
import { RCODE, RR_TYPE } from 'src/dns-lookup/dns-wire';

/** The question section of a query (name + type + class), found by walking its uncompressed labels. */
function questionOf(query: Buffer): Buffer {
  let offset = 12;
  while (query[offset] !== 0) {
    offset += query[offset] + 1;
  }
  return query.subarray(12, offset + 5);
}

function txtRecord(value: string): Buffer {
  const chunks: Buffer[] = [];
  for (let i = 0; i < value.length; i += 255) {
    const chunk = Buffer.from(value.slice(i, i + 255));
    chunks.push(Buffer.from([chunk.length]), chunk);
  }
  const data = Buffer.concat(chunks);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(RR_TYPE.TXT, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(60, 4);
  fixed.writeUInt16BE(data.length, 8);
  return Buffer.concat([Buffer.from([0xc0, 0x0c]), fixed, data]);
}

/** An answer to `query`: same id and question, the given flags (QR is added) and answer records. */
function reply(
  query: Buffer,
  options: { flags?: number; answers?: Buffer[]; id?: number; question?: Buffer } = {},
): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(options.id ?? query.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8000 | (options.flags ?? 0x0400), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(options.answers?.length ?? 0, 6);
  return Buffer.concat([header, options.question ?? questionOf(query), ...(options.answers ?? [])]);
}

interface FakeServer {
  server: DnsServerAddress;
  udpQueries: Buffer[];
  tcpQueries: Buffer[];
  close: () => Promise<void>;
}

/** A DNS server on 127.0.0.1 (UDP and TCP on one port) whose answers the test scripts. */
async function fakeServer(handlers: {
  udp?: (query: Buffer) => Buffer[];
  tcp?: (query: Buffer, socket: Socket) => void;
}): Promise<FakeServer> {
  const udpQueries: Buffer[] = [];
  const tcpQueries: Buffer[] = [];
  for (let attempt = 0; ; attempt++) {
    const udp: UdpSocket = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const { port } = udp.address();
    const tcp: Server = createServer((socket) => {
      socket.on('data', (bytes) => {
        const query = bytes.subarray(2, 2 + bytes.readUInt16BE(0));
        tcpQueries.push(query);
        handlers.tcp?.(query, socket);
      });
      socket.on('error', () => undefined);
    });
    const listening = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!listening) {
      udp.close();
      if (attempt < 5) {
        continue;
      }
      throw new Error('no free port for the fake DNS server');
    }
    udp.on('message', (query, peer) => {
      udpQueries.push(query);
      for (const answer of handlers.udp?.(query) ?? []) {
        udp.send(answer, peer.port, peer.address);
      }
    });
    return {
      server: { host: '127.0.0.1', port, family: 4 },
      udpQueries,
      tcpQueries,
      close: async () => {
        udp.close();
        await new Promise<void>((resolve) => tcp.close(() => resolve()));
      },
    };
  }
}

function tcpFrame(message: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length);
  return Buffer.concat([length, message]);
}

describe('DnsTransport', () => {
  const transport = new DnsTransport();
  const servers: FakeServer[] = [];
  const start = async (handlers: Parameters<typeof fakeServer>[0]): Promise<FakeServer> => {
    const fake = await fakeServer(handlers);
    servers.push(fake);
    return fake;
  };

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((fake) => fake.close()));
  });

  it('should send one UDP query with RD and EDNS and decode the answer', async () => {
    const fake = await start({
      udp: (query) => [reply(query, { answers: [txtRecord('scaidns-verify=abc')] })],
    });
    const answer = await transport.query(fake.server, '_scaidns-verify.Example.TEST.', RR_TYPE.TXT, {
      recursionDesired: true,
      timeoutMs: 1000,
    });
    expect(answer).toMatchObject({ rcode: RCODE.NOERROR, authoritative: true, truncated: false });
    expect(answer.answers[0].data).toEqual({
      kind: 'txt',
      strings: ['scaidns-verify=abc'],
      value: 'scaidns-verify=abc',
    });
    expect(fake.udpQueries).toHaveLength(1);
    const query = fake.udpQueries[0];
    expect(query.readUInt16BE(2)).toBe(0x0100);
    expect(query.readUInt16BE(10)).toBe(1); // the OPT record
    expect(questionOf(query).subarray(0, 8).toString('latin1')).toBe('\x0f_scaidn');
  });

  it('should clear RD for iterative queries', async () => {
    const fake = await start({ udp: (query) => [reply(query)] });
    await transport.query(fake.server, 'example.test', RR_TYPE.NS, {
      recursionDesired: false,
      timeoutMs: 1000,
    });
    expect(fake.udpQueries[0].readUInt16BE(2)).toBe(0);
  });

  it('should retry over TCP when the UDP answer is truncated, reassembling a split TCP answer', async () => {
    const long = `scaidns-verify=${'0123456789abcdef'.repeat(200)}`;
    const fake = await start({
      udp: (query) => [reply(query, { flags: 0x0600 })], // AA + TC, no records
      tcp: (query, socket) => {
        const frame = tcpFrame(reply(query, { answers: [txtRecord(long)] }));
        socket.write(frame.subarray(0, 1));
        setTimeout(() => socket.write(frame.subarray(1, 700)), 5);
        setTimeout(() => socket.end(frame.subarray(700)), 10);
      },
    });
    const answer = await transport.query(fake.server, 'big.example.test', RR_TYPE.TXT, {
      recursionDesired: true,
      timeoutMs: 1000,
    });
    expect(answer.truncated).toBe(false);
    expect(answer.answers[0].data).toMatchObject({ kind: 'txt', value: long });
    expect(answer.answers[0].data).toHaveProperty('strings.length', Math.ceil(long.length / 255));
    expect(fake.tcpQueries).toHaveLength(1);
  });

  it('should ignore packets with another id or question and take the matching one', async () => {
    const fake = await start({
      udp: (query) => [
        reply(query, { id: query.readUInt16BE(0) ^ 0xffff, answers: [txtRecord('spoofed')] }),
        reply(query, {
          question: Buffer.concat([
            Buffer.from('\x05other\x04test\x00', 'latin1'),
            Buffer.from([0, 16, 0, 1]),
          ]),
        }),
        reply(query, { answers: [txtRecord('genuine')] }),
      ],
    });
    const answer = await transport.query(fake.server, 'example.test', RR_TYPE.TXT, {
      recursionDesired: true,
      timeoutMs: 1000,
    });
    expect(answer.answers[0].data).toMatchObject({ value: 'genuine' });
  });

  it('should ask again without EDNS when the server answers FORMERR', async () => {
    const fake = await start({
      udp: (query) => [query.readUInt16BE(10) === 1 ? reply(query, { flags: RCODE.FORMERR }) : reply(query)],
    });
    const answer = await transport.query(fake.server, 'old.example.test', RR_TYPE.A, {
      recursionDesired: true,
      timeoutMs: 1000,
    });
    expect(answer.rcode).toBe(RCODE.NOERROR);
    expect(fake.udpQueries.map((query) => query.readUInt16BE(10))).toEqual([1, 0]);
  });

  it('should give up after the timeout when the server stays silent', async () => {
    const fake = await start({ udp: () => [] });
    const started = Date.now();
    const error = await transport
      .query(fake.server, 'slow.example.test', RR_TYPE.A, { recursionDesired: true, timeoutMs: 150 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnsQueryError);
    expect(error).toMatchObject({ kind: 'timeout', server: fake.server.host + ':' + fake.server.port });
    expect((error as Error).message).toBe(`127.0.0.1:${fake.server.port} did not answer within 150 ms`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('should time out a TCP fallback that never answers', async () => {
    const fake = await start({ udp: (query) => [reply(query, { flags: 0x0200 })], tcp: () => undefined });
    const error = await transport
      .query(fake.server, 'tc.example.test', RR_TYPE.TXT, { recursionDesired: true, timeoutMs: 150 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', message: expect.stringContaining('over TCP') as unknown });
  });

  it('should fail at once with a network error when nothing listens on the port', async () => {
    const fake = await start({});
    await fake.close();
    servers.pop();
    const started = Date.now();
    const error = await transport
      .query(fake.server, 'example.test', RR_TYPE.A, { recursionDesired: true, timeoutMs: 3000 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'network',
      message: expect.stringContaining('connection refused (ECONNREFUSED)') as unknown,
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('should report a malformed answer that carries our id', async () => {
    const fake = await start({
      udp: (query) => [Buffer.concat([query.subarray(0, 2), Buffer.from([0x80, 0, 0, 1])])],
    });
    const error = await transport
      .query(fake.server, 'example.test', RR_TYPE.A, { recursionDesired: true, timeoutMs: 1000 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('sent a malformed answer') as unknown,
    });
  });
});
