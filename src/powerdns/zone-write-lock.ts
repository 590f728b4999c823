import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ZoneLockTimeoutError, ZoneLockUnavailableError } from 'src/powerdns/powerdns.errors';
import { RedisService } from 'src/redis/redis.service';

/** Deletes the key only if it still holds our token, so a holder whose lock expired never frees someone else's. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Pushes the expiry out only while the key still holds our token. */
const EXTEND_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface ZoneWriteLockOptions {
  /** How long Redis keeps a lock whose holder stopped extending it (crashed). */
  ttlMs: number;
  /** How long a writer waits, in the local queue and for Redis together, before ZoneLockTimeoutError. */
  waitTimeoutMs?: number;
  /** Polling interval while another instance holds the lock: starts at min, doubles up to max, with jitter. */
  pollMinMs?: number;
  pollMaxMs?: number;
  /** How often a live holder extends its lock; 0 disables (tests). Defaults to ttlMs / 3. */
  extendEveryMs?: number;
}

export const DEFAULT_ZONE_LOCK_WAIT_MS = 15_000;
/** The Retry-After given with ZoneLockTimeoutError: most changes take milliseconds, a long import seconds. */
const LOCK_RETRY_AFTER_SECONDS = 5;

/** A held lock. `release` is idempotent. */
export interface ZoneLockLease {
  readonly zone: string;
  readonly token: string;
  /** Frees the lock; resolves true if our Redis key was deleted, false if it had already expired or been taken over. */
  release(): Promise<boolean>;
}

/**
 * Serialises writes to one zone: PowerDNS on MariaDB deadlocks (500) and loses serial increments when two writes to
 * the same zone overlap (recipe §8), and sqlite even across zones.
 *
 * Two layers:
 * 1. an in-process promise queue per zone, so that concurrent requests of this process wait in memory, in order,
 *    instead of all polling Redis;
 * 2. a Redis lock per zone (`SET key token NX PX ttl`) for the other API/worker instances, released with a Lua
 *    compare-and-delete. A live holder extends it every ttl/3; a dead one's lock expires after ttl and is taken over.
 *
 * The wait is bounded (waitTimeoutMs, counted from the call): then ZoneLockTimeoutError (503 + Retry-After).
 * If Redis itself fails, writes fail closed with ZoneLockUnavailableError rather than run unserialised.
 */
export class ZoneWriteLock {
  private readonly logger = new Logger(ZoneWriteLock.name);
  private readonly tails = new Map<string, Promise<void>>();
  private readonly ttlMs: number;
  private readonly waitTimeoutMs: number;
  private readonly pollMinMs: number;
  private readonly pollMaxMs: number;
  private readonly extendEveryMs: number;

  constructor(
    private readonly redis: RedisService,
    options: ZoneWriteLockOptions,
  ) {
    this.ttlMs = options.ttlMs;
    this.waitTimeoutMs = options.waitTimeoutMs ?? DEFAULT_ZONE_LOCK_WAIT_MS;
    this.pollMinMs = options.pollMinMs ?? 5;
    this.pollMaxMs = options.pollMaxMs ?? 100;
    this.extendEveryMs = options.extendEveryMs ?? Math.floor(options.ttlMs / 3);
  }

  /** Runs `fn` while holding the zone's lock. */
  async runExclusive<T>(zone: string, fn: () => Promise<T>): Promise<T> {
    const lease = await this.acquire(zone);
    try {
      return await fn();
    } finally {
      await lease.release();
    }
  }

  /** Waits for the zone's lock (local queue first, then Redis). The caller must call `release()`. */
  async acquire(zone: string): Promise<ZoneLockLease> {
    const deadline = Date.now() + this.waitTimeoutMs;
    const releaseLocal = await this.enterLocalQueue(zone, deadline);
    try {
      return await this.acquireRedis(zone, deadline, releaseLocal);
    } catch (error) {
      releaseLocal();
      throw error;
    }
  }

  /** The Redis key of a zone's lock (exposed for tests and operators). */
  keyFor(zone: string): string {
    return this.redis.key('pdns', 'zone-lock', zone);
  }

  /**
   * Appends this writer to the zone's queue and waits for its predecessor. Returns the function that lets the next
   * writer go. A writer that gives up (timeout) still passes the baton on once its predecessor is done, so the chain
   * never breaks.
   */
  private async enterLocalQueue(zone: string, deadline: number): Promise<() => void> {
    const predecessor = this.tails.get(zone) ?? Promise.resolve();
    let letNextGo!: () => void;
    const mine = new Promise<void>((resolve) => (letNextGo = resolve));
    const tail = predecessor.then(() => mine);
    this.tails.set(zone, tail);
    const releaseLocal = (): void => {
      letNextGo();
      void tail.then(() => {
        if (this.tails.get(zone) === tail) {
          this.tails.delete(zone);
        }
      });
    };

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    });
    const result = await Promise.race([predecessor.then(() => 'ready' as const), timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      releaseLocal();
      throw this.timeoutError(zone, deadline);
    }
    return releaseLocal;
  }

  private async acquireRedis(
    zone: string,
    deadline: number,
    releaseLocal: () => void,
  ): Promise<ZoneLockLease> {
    const key = this.keyFor(zone);
    const token = randomBytes(16).toString('hex');
    let pollMs = this.pollMinMs;
    for (;;) {
      let answer: string | null;
      try {
        answer = await this.redis.client.set(key, token, 'PX', this.ttlMs, 'NX');
      } catch (error) {
        throw new ZoneLockUnavailableError(zone, errorText(error), { cause: error });
      }
      if (answer === 'OK') {
        return this.lease(zone, key, token, releaseLocal);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw this.timeoutError(zone, deadline);
      }
      const jittered = pollMs / 2 + Math.random() * (pollMs / 2);
      await sleep(Math.min(left, jittered));
      pollMs = Math.min(this.pollMaxMs, pollMs * 2);
    }
  }

  private lease(zone: string, key: string, token: string, releaseLocal: () => void): ZoneLockLease {
    let released: Promise<boolean> | undefined;
    const extender =
      this.extendEveryMs > 0
        ? setInterval(() => {
            this.redis.client.eval(EXTEND_SCRIPT, 1, key, token, String(this.ttlMs)).then(
              (extended) => {
                if (extended !== 1) {
                  this.logger.warn(
                    `lost the write lock of zone ${zone} while holding it (expired or taken over)`,
                  );
                }
              },
              (error: unknown) =>
                this.logger.warn(`could not extend the write lock of zone ${zone}: ${errorText(error)}`),
            );
          }, this.extendEveryMs)
        : undefined;
    extender?.unref();

    const release = async (): Promise<boolean> => {
      clearInterval(extender);
      try {
        const deleted = await this.redis.client.eval(RELEASE_SCRIPT, 1, key, token);
        if (deleted !== 1) {
          this.logger.warn(`the write lock of zone ${zone} had expired before its release`);
        }
        return deleted === 1;
      } catch (error) {
        // The work is done; the key expires on its own after ttlMs.
        this.logger.warn(`could not release the write lock of zone ${zone}: ${errorText(error)}`);
        return false;
      } finally {
        releaseLocal();
      }
    };
    return {
      zone,
      token,
      release: () => (released ??= release()),
    };
  }

  private timeoutError(zone: string, deadline: number): ZoneLockTimeoutError {
    const waited = this.waitTimeoutMs - Math.max(0, deadline - Date.now());
    this.logger.warn(`gave up waiting ${waited} ms for the write lock of zone ${zone}`);
    return new ZoneLockTimeoutError(zone, waited, LOCK_RETRY_AFTER_SECONDS);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
