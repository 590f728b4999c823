import { DEFAULT_DNSSEC_POLICY, DnssecPolicy } from 'src/dnssec/dnssec-policy';
import {
  KeySnapshot,
  deriveStatus,
  kskAwaitingDs,
  planRollover,
  zskRolloverInProgress,
} from 'src/dnssec/dnssec-state-machine';

const DAY = 24 * 3600 * 1000;
const T0 = new Date('2026-04-23T10:00:00Z');
const at = (days: number): Date => new Date(T0.getTime() + days * DAY);
const policy: DnssecPolicy = { ...DEFAULT_DNSSEC_POLICY };

let sequence = 0;
function key(fields: Partial<KeySnapshot> & Pick<KeySnapshot, 'keyType'>): KeySnapshot {
  sequence++;
  return {
    id: `k${sequence}`,
    state: 'active',
    createdAt: at(0),
    activateAt: at(0),
    removeAt: null,
    expiresAt: fields.keyType === 'KSK' ? at(365) : at(30),
    dsConfirmedAt: fields.keyType === 'KSK' ? at(1) : null,
    ...fields,
  };
}

/** Applies planned ZSK actions the way DnssecRolloverService does, so a whole rollover can be walked through. */
function apply(keys: KeySnapshot[], now: Date): KeySnapshot[] {
  let next = keys.map((k) => ({ ...k }));
  for (const action of planRollover(next, now, policy)) {
    switch (action.kind) {
      case 'prepublish_zsk':
        next.push(
          key({
            keyType: 'ZSK',
            state: 'published',
            createdAt: now,
            activateAt: action.activateAt,
            expiresAt: new Date(action.activateAt.getTime() + policy.zskLifetimeMs),
          }),
        );
        break;
      case 'activate_zsk':
        next = next.map((k) =>
          k.id === action.keyId
            ? {
                ...k,
                state: 'active',
                activateAt: now,
                expiresAt: new Date(now.getTime() + policy.zskLifetimeMs),
              }
            : action.retires.includes(k.id)
              ? { ...k, state: 'retiring', removeAt: action.removeAt }
              : k,
        );
        break;
      case 'remove_zsk':
      case 'remove_ksk':
        next = next.map((k) => (k.id === action.keyId ? { ...k, state: 'removed' } : k));
        break;
    }
  }
  return next;
}

const summary = (keys: KeySnapshot[]) =>
  keys
    .filter((k) => k.state !== 'removed')
    .map((k) => `${k.keyType}:${k.state}`)
    .sort();

describe('DNSSEC key state machine', () => {
  describe('deriveStatus', () => {
    it('should be disabled without keys in service', () => {
      expect(deriveStatus([])).toBe('disabled');
      expect(deriveStatus([key({ keyType: 'KSK', state: 'removed' })])).toBe('disabled');
    });

    it('should be pending_ds until the first KSK is confirmed', () => {
      expect(deriveStatus([key({ keyType: 'KSK', dsConfirmedAt: null }), key({ keyType: 'ZSK' })])).toBe(
        'pending_ds',
      );
      expect(deriveStatus([key({ keyType: 'KSK' }), key({ keyType: 'ZSK' })])).toBe('active');
    });

    it('should be rotating_ksk while a second KSK awaits its DS', () => {
      const keys = [
        key({ keyType: 'KSK' }),
        key({ keyType: 'KSK', dsConfirmedAt: null }),
        key({ keyType: 'ZSK' }),
      ];
      expect(deriveStatus(keys)).toBe('rotating_ksk');
      expect(kskAwaitingDs(keys).map((k) => k.id)).toEqual([keys[1].id]);
    });

    it('should be active while a replaced KSK waits for removal', () => {
      expect(
        deriveStatus([
          key({ keyType: 'KSK', state: 'retiring' }),
          key({ keyType: 'KSK' }),
          key({ keyType: 'ZSK' }),
        ]),
      ).toBe('active');
    });

    it('should be rotating_zsk while a ZSK is pre-published or retiring, unless the customer has to act', () => {
      const published = [
        key({ keyType: 'KSK' }),
        key({ keyType: 'ZSK' }),
        key({ keyType: 'ZSK', state: 'published' }),
      ];
      expect(deriveStatus(published)).toBe('rotating_zsk');
      expect(zskRolloverInProgress(published)).toBe(true);
      expect(
        deriveStatus([
          key({ keyType: 'KSK' }),
          key({ keyType: 'ZSK', state: 'retiring' }),
          key({ keyType: 'ZSK' }),
        ]),
      ).toBe('rotating_zsk');
      expect(
        deriveStatus([
          key({ keyType: 'KSK', dsConfirmedAt: null }),
          key({ keyType: 'ZSK', state: 'published' }),
          key({ keyType: 'ZSK' }),
        ]),
      ).toBe('pending_ds');
    });
  });

  describe('planRollover', () => {
    it('should do nothing while the active ZSK is far from expiry', () => {
      const keys = [key({ keyType: 'KSK' }), key({ keyType: 'ZSK' })];
      expect(planRollover(keys, at(22.9), policy)).toEqual([]);
    });

    it('should pre-publish a new ZSK once the active one is within the overlap window of its expiry', () => {
      const zsk = key({ keyType: 'ZSK' });
      expect(planRollover([key({ keyType: 'KSK' }), zsk], at(23), policy)).toEqual([
        {
          kind: 'prepublish_zsk',
          replaces: [zsk.id],
          activateAt: new Date(at(23).getTime() + policy.zskPrepublishMs),
        },
      ]);
    });

    it('should activate the pre-published ZSK only after the pre-publication period', () => {
      const old = key({ keyType: 'ZSK' });
      const next = key({
        keyType: 'ZSK',
        state: 'published',
        createdAt: at(23),
        activateAt: at(24),
        expiresAt: at(54),
      });
      const keys = [key({ keyType: 'KSK' }), old, next];
      expect(planRollover(keys, at(23.99), policy)).toEqual([]);
      expect(planRollover(keys, at(24), policy)).toEqual([
        {
          kind: 'activate_zsk',
          keyId: next.id,
          retires: [old.id],
          removeAt: new Date(at(24).getTime() + policy.zskRetireMs),
        },
      ]);
    });

    it('should remove a retired ZSK only after the retire period, and not start another rollover before that', () => {
      const retired = key({ keyType: 'ZSK', state: 'retiring', removeAt: at(31), expiresAt: at(30) });
      const current = key({ keyType: 'ZSK', activateAt: at(24), expiresAt: at(26) });
      const keys = [key({ keyType: 'KSK' }), retired, current];
      expect(planRollover(keys, at(30.5), policy)).toEqual([]);
      expect(planRollover(keys, at(31), policy)).toEqual([{ kind: 'remove_zsk', keyId: retired.id }]);
    });

    it('should remove a replaced KSK once its removal time has passed, next to ZSK steps', () => {
      const oldKsk = key({ keyType: 'KSK', state: 'retiring', removeAt: at(2) });
      const zsk = key({ keyType: 'ZSK', expiresAt: at(3) });
      const keys = [oldKsk, key({ keyType: 'KSK' }), zsk];
      expect(planRollover(keys, at(1), policy)).toEqual([
        {
          kind: 'prepublish_zsk',
          replaces: [zsk.id],
          activateAt: new Date(at(1).getTime() + policy.zskPrepublishMs),
        },
      ]);
      expect(planRollover(keys, at(2), policy).map((a) => a.kind)).toEqual(['prepublish_zsk', 'remove_ksk']);
    });

    it('should walk a whole ZSK rollover one step at a time, with a signing ZSK and the old key published throughout', () => {
      let keys = [key({ keyType: 'KSK' }), key({ keyType: 'ZSK' })];
      const timeline: [number, string[], string][] = [];
      for (const day of [10, 23, 23.5, 24, 24, 30.9, 31, 31, 53]) {
        keys = apply(keys, at(day));
        timeline.push([day, summary(keys), deriveStatus(keys)]);
      }
      expect(timeline).toEqual([
        [10, ['KSK:active', 'ZSK:active'], 'active'],
        [23, ['KSK:active', 'ZSK:active', 'ZSK:published'], 'rotating_zsk'],
        [23.5, ['KSK:active', 'ZSK:active', 'ZSK:published'], 'rotating_zsk'],
        [24, ['KSK:active', 'ZSK:active', 'ZSK:retiring'], 'rotating_zsk'],
        [24, ['KSK:active', 'ZSK:active', 'ZSK:retiring'], 'rotating_zsk'],
        [30.9, ['KSK:active', 'ZSK:active', 'ZSK:retiring'], 'rotating_zsk'],
        [31, ['KSK:active', 'ZSK:active'], 'active'],
        [31, ['KSK:active', 'ZSK:active'], 'active'],
        // The new key activated on day 24 expires on day 54: its own rollover starts on day 47.
        [53, ['KSK:active', 'ZSK:active', 'ZSK:published'], 'rotating_zsk'],
      ]);
    });

    it('should follow a shortened policy', () => {
      const short: DnssecPolicy = {
        ...policy,
        zskLifetimeMs: 60_000,
        zskRolloverLeadMs: 30_000,
        zskPrepublishMs: 5_000,
        zskRetireMs: 5_000,
      };
      const zsk = key({ keyType: 'ZSK', activateAt: T0, expiresAt: new Date(T0.getTime() + 60_000) });
      expect(planRollover([key({ keyType: 'KSK' }), zsk], new Date(T0.getTime() + 29_999), short)).toEqual(
        [],
      );
      expect(planRollover([key({ keyType: 'KSK' }), zsk], new Date(T0.getTime() + 30_000), short)).toEqual([
        { kind: 'prepublish_zsk', replaces: [zsk.id], activateAt: new Date(T0.getTime() + 35_000) },
      ]);
    });

    it('should ignore removed keys', () => {
      const keys = [
        key({ keyType: 'KSK' }),
        key({ keyType: 'ZSK', state: 'removed', expiresAt: at(1) }),
        key({ keyType: 'ZSK' }),
      ];
      expect(planRollover(keys, at(5), policy)).toEqual([]);
    });
  });
});
