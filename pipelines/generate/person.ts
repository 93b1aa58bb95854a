/**
 * Participants: raw ids shaped like BA customer numbers ('123A456789') and their
 * characteristics, drawn with the correlations the fair-comparison indicators need
 * (younger people and the long-term unemployed drop out more; see participation.ts).
 */
import type { Day } from './days.ts';
import type { InstrumentProfile } from './instruments.ts';
import { type Rng, Weighted } from './random.ts';

export interface Person {
  readonly id: string;
  readonly birthYear: number;
  readonly gender: 'm' | 'f' | 'd';
  readonly citizenship: 'DE' | 'EU' | 'non_EU';
  readonly isced: number;
  readonly longTermUnemployed: boolean;
  readonly longTermRecipient: boolean;
  readonly singleParent: boolean;
  readonly disability: boolean;
  /** Last day this person is in a measure (a later referral must come after it). */
  busyUntil: Day;
  /** Last outcome status date written for this person (outcome keys are per person and date). */
  lastStatusDay: Day;
  /** Measure and month of this person's last attendance row (attendance keys are per measure, person and month). */
  lastAttendance: string;
}

const ID_SPACE = 1_000_000_000;
// 3^18 is coprime to 10^9, so index → (index · A + offset) mod 10^9 never repeats a number.
const ID_MULTIPLIER = 387_420_489;
const ID_LETTERS = 'ABCDEFGHKLMNPRSTUVWXYZ';

const GENDER = new Weighted<'m' | 'f' | 'd'>([['m', 52], ['f', 47.5], ['d', 0.5]]);
const CITIZENSHIP = new Weighted<'DE' | 'EU' | 'non_EU'>([['DE', 62], ['EU', 10], ['non_EU', 28]]);
const ISCED = new Weighted<number>([[0, 4], [1, 12], [2, 32], [3, 34], [4, 6], [5, 3], [6, 6], [7, 2.5], [8, 0.5]]);

export class PersonFactory {
  private next = 0;
  private readonly offset: number;

  constructor(private readonly rng: Rng) {
    this.offset = rng.int(0, ID_SPACE - 1);
  }

  /** A fresh raw id never handed out before in this dataset. */
  newId(): string {
    const n = ((this.next++ % ID_SPACE) * ID_MULTIPLIER + this.offset) % ID_SPACE;
    const digits = String(n).padStart(9, '0');
    return `${digits.slice(0, 3)}${ID_LETTERS[n % ID_LETTERS.length]}${digits.slice(3)}`;
  }

  create(profile: InstrumentProfile, referralYear: number): Person {
    const rng = this.rng;
    const { mean, sd, min, max } = profile.age;
    const age = Math.min(max, Math.max(min, Math.round(mean + sd * rng.normal())));
    const gender = GENDER.draw(rng);
    const citizenship = CITIZENSHIP.draw(rng);
    const isced = citizenship === 'non_EU' && rng.chance(0.3) ? rng.int(0, 1) : ISCED.draw(rng);
    const ageFactor = age >= 50 ? 1.2 : age < 25 ? 0.6 : 1;
    const longTermUnemployed = rng.chance(Math.min(0.99, profile.longTermUnemployedShare * ageFactor));
    return {
      id: this.newId(),
      birthYear: referralYear - age,
      gender,
      citizenship,
      isced,
      longTermUnemployed,
      longTermRecipient: rng.chance(longTermUnemployed ? 0.85 : 0.4),
      singleParent: age >= 20 && age <= 55 && rng.chance(gender === 'f' ? 0.18 : 0.02),
      disability: rng.chance(age >= 50 ? 0.1 : 0.04),
      busyUntil: -Infinity,
      lastStatusDay: -Infinity,
      lastAttendance: '',
    };
  }
}
