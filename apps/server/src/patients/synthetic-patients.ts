import { estimatedBirthDate, nameIndexKeys, nameSearchText, nameSortKey, nameTokens } from '@hms/core';
import type { Sex } from '@hms/core';

/**
 * Realistic synthetic patients for an East African hospital: Christian, Muslim and local
 * given names, family and middle names from the main communities with Zipf-like frequencies
 * (a few very common, a long tail), Kenyan mobile numbers, ~70% with a date of birth (some
 * estimated from an age), national IDs for most adults. Deterministic: patient i of seed s is
 * always the same, so a generator can be run twice (patients, then the name index) cheaply.
 */
const FEMALE_GIVEN = [
  'Mary', 'Grace', 'Faith', 'Mercy', 'Esther', 'Jane', 'Ann', 'Elizabeth', 'Margaret', 'Lucy', 'Caroline', 'Joyce', 'Catherine', 'Rose', 'Agnes',
  'Alice', 'Ruth', 'Sarah', 'Nancy', 'Susan', 'Janet', 'Beatrice', 'Irene', 'Eunice', 'Gladys', 'Lilian', 'Christine', 'Dorcas', 'Purity', 'Winnie',
  'Amina', 'Fatuma', 'Halima', 'Mwanaisha', 'Zainab', 'Rehema', 'Neema', 'Zawadi', 'Imani', 'Baraka', 'Tumaini', 'Esther', 'Monica', 'Josephine',
  'Teresia', 'Veronica', 'Pauline', 'Edith', 'Brenda', 'Sharon', 'Cynthia', 'Diana', 'Naomi', 'Rebecca', 'Hellen', 'Judith', 'Priscilla', 'Salome',
  'Violet', 'Emily', 'Florence', 'Gloria', 'Hannah', 'Jacinta', 'Kezia', 'Leah', 'Martha', 'Millicent', 'Phyllis', 'Stella', 'Tabitha', 'Wairimu',
];
const MALE_GIVEN = [
  'John', 'Joseph', 'Peter', 'James', 'David', 'Daniel', 'Samuel', 'Paul', 'Stephen', 'Francis', 'Michael', 'George', 'Charles', 'Patrick', 'Kennedy',
  'Brian', 'Dennis', 'Kevin', 'Collins', 'Moses', 'Simon', 'Anthony', 'Robert', 'Joshua', 'Evans', 'Geoffrey', 'Isaac', 'Benson', 'Wilson', 'Vincent',
  'Mohamed', 'Ali', 'Hassan', 'Omar', 'Abdi', 'Juma', 'Hamisi', 'Salim', 'Ibrahim', 'Yusuf', 'Baraka', 'Emmanuel', 'Elijah', 'Philip', 'Martin',
  'Nicholas', 'Edwin', 'Eric', 'Felix', 'Gideon', 'Harrison', 'Jackson', 'Julius', 'Lawrence', 'Mark', 'Nelson', 'Oscar', 'Richard', 'Timothy', 'Victor',
];
const FEMALE_LOCAL = [
  'Wanjiku', 'Wambui', 'Njeri', 'Nyambura', 'Wairimu', 'Wangari', 'Wanjiru', 'Muthoni', 'Njoki', 'Akinyi', 'Atieno', 'Achieng', 'Awino', 'Adhiambo',
  'Anyango', 'Auma', 'Nafula', 'Nekesa', 'Naliaka', 'Nanjala', 'Chebet', 'Chepkoech', 'Jepkosgei', 'Jeptoo', 'Chelangat', 'Mwende', 'Mueni', 'Nduku',
  'Kanini', 'Ndinda', 'Kemunto', 'Moraa', 'Kwamboka', 'Nasimiyu', 'Nakato', 'Namubiru',
];
const MALE_LOCAL = [
  'Kamau', 'Mwangi', 'Njoroge', 'Kariuki', 'Maina', 'Gitau', 'Otieno', 'Ochieng', 'Odhiambo', 'Onyango', 'Omondi', 'Owino', 'Wafula', 'Wekesa',
  'Barasa', 'Simiyu', 'Kiprono', 'Kipchoge', 'Kiptoo', 'Cheruiyot', 'Kipkemboi', 'Mutua', 'Musyoka', 'Kioko', 'Mutinda', 'Nyamweya', 'Ombati',
  'Kazungu', 'Katana', 'Charo', 'Mukasa', 'Okello',
];
const FAMILY = [
  'Kamau', 'Mwangi', 'Otieno', 'Ochieng', 'Njoroge', 'Odhiambo', 'Onyango', 'Kariuki', 'Kimani', 'Omondi', 'Wanjiru', 'Mutua', 'Maina', 'Wafula',
  'Kiprono', 'Macharia', 'Ali', 'Mohamed', 'Hassan', 'Juma', 'Wekesa', 'Barasa', 'Musyoka', 'Kioko', 'Cheruiyot', 'Rotich', 'Koech', 'Langat',
  'Kiptoo', 'Githinji', 'Waweru', 'Ndungu', 'Gitau', 'Mugo', 'Nyaga', 'Kinyua', 'Muriuki', 'Okoth', 'Owino', 'Ouma', 'Oduor', 'Opiyo', 'Akello',
  'Simiyu', 'Wanyama', 'Mutinda', 'Nzioka', 'Kazungu', 'Katana', 'Charo', 'Baya', 'Mwakio', 'Mwamburi', 'Omar', 'Abdi', 'Said', 'Salim', 'Bakari',
  'Nyamweya', 'Ombati', 'Moraa', 'Kerubo', 'Mogaka', 'Nyakundi', 'Okello', 'Mukasa', 'Nakato', 'Ssempala', 'Mushi', 'Massawe', 'Mbwambo',
  'Mwakalinga', 'Chege', 'Karanja', 'Kahindi', 'Ngugi', 'Wambugu', 'Muthee', 'Kirui', 'Kibet', 'Chepkwony', 'Kosgei', 'Tanui', 'Sang', 'Biwott',
  'Wamalwa', 'Masinde', 'Khaemba', 'Makokha', 'Shikuku', 'Were', 'Amollo', 'Ogola', 'Obuya', 'Nyongesa', 'Mbugua', 'Kuria', 'Wachira', 'Gathoni',
  'Muriithi', 'Kagwe', 'Njenga', 'Kiarie', 'Ndirangu', 'Muchiri', 'Kibe', 'Nduati', 'Kimotho', 'Gachanja', 'Mathenge', 'Kamande', 'Wahome', 'Kihara',
];
const CITIES = ['Nairobi', 'Kiambu', 'Thika', 'Machakos', 'Nakuru', 'Eldoret', 'Kisumu', 'Mombasa', 'Kakamega', 'Nyeri', 'Meru', 'Embu', 'Kericho', 'Kisii', 'Bungoma', 'Kitale', 'Malindi', 'Naivasha'];
const LANGUAGES = ['Swahili', 'Swahili', 'Swahili', 'Swahili', 'Swahili', 'English', 'English', 'English', 'English', 'Kikuyu', 'Dholuo'];
const BLOOD = ['O+', 'O+', 'O+', 'O+', 'O+', 'O+', 'O+', 'O+', 'O+', 'A+', 'A+', 'A+', 'A+', 'A+', 'B+', 'B+', 'B+', 'B+', 'AB+', 'O-'] as const;
const MOBILE_PREFIXES = ['710', '711', '712', '713', '714', '715', '720', '721', '722', '723', '724', '725', '726', '727', '728', '729', '740', '741', '742', '745', '757', '758', '768', '769', '790', '791', '792', '793', '795', '796', '797', '798', '733', '734', '735', '750', '751', '780', '781', '110', '111', '112', '115'];

/** Cumulative Zipf weights (rank^-s), for picking with one uniform number. */
function zipf(size: number, s: number): Float64Array {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank += 1) {
    total += 1 / (rank + 1) ** s;
    cumulative[rank] = total;
  }
  for (let rank = 0; rank < size; rank += 1) cumulative[rank]! /= total;
  return cumulative;
}

function pick<T>(list: readonly T[], cumulative: Float64Array, u: number): T {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return list[lo]!;
}

const ZIPF_FEMALE = zipf(FEMALE_GIVEN.length, 0.9);
const ZIPF_MALE = zipf(MALE_GIVEN.length, 0.9);
const ZIPF_FEMALE_LOCAL = zipf(FEMALE_LOCAL.length, 0.8);
const ZIPF_MALE_LOCAL = zipf(MALE_LOCAL.length, 0.8);
const ZIPF_FAMILY = zipf(FAMILY.length, 1.0);

/** mulberry32: small, fast, good enough for test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(rand: () => number, digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i += 1) out += Math.floor(rand() * 16).toString(16);
  return out;
}

export interface SyntheticPatient {
  id: string;
  givenName: string;
  middleName: string | null;
  familyName: string;
  sex: Sex;
  birthDate: string | null;
  birthDateEstimated: boolean;
  phone: string | null;
  nationalId: string | null;
  city: string | null;
  bloodGroup: string | null;
  preferredLanguage: string | null;
  registeredAt: Date;
  searchName: string;
  sortName: string;
  tokens: string[];
  /** Words and word pairs: the name index keys. */
  indexKeys: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

export function syntheticPatient(seed: number, index: number, fromYear: number, toDate: Date): SyntheticPatient {
  const rand = random((seed * 2654435761) ^ (index * 40503) ^ (index >>> 16));
  rand();
  const id = `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-${'89ab'[Math.floor(rand() * 4)]}${hex(rand, 3)}-${hex(rand, 12)}`;
  const u = rand();
  const sex: Sex = u < 0.52 ? 'F' : u < 0.996 ? 'M' : u < 0.998 ? 'O' : 'U';
  const female = sex === 'F' || (sex !== 'M' && rand() < 0.5);
  const givenName = female ? pick(FEMALE_GIVEN, ZIPF_FEMALE, rand()) : pick(MALE_GIVEN, ZIPF_MALE, rand());
  const middleName = rand() < 0.6 ? (female ? pick(FEMALE_LOCAL, ZIPF_FEMALE_LOCAL, rand()) : pick(MALE_LOCAL, ZIPF_MALE_LOCAL, rand())) : null;
  const familyName = pick(FAMILY, ZIPF_FAMILY, rand());

  // Registrations grow over the years (more recent years hold more patients).
  const endYear = toDate.getUTCFullYear();
  const span = endYear - fromYear + 1;
  const year = fromYear + Math.min(span - 1, Math.floor(Math.sqrt(rand()) * span));
  const yearStart = Date.UTC(year, 0, 1);
  const yearEnd = Math.min(Date.UTC(year + 1, 0, 1), toDate.getTime());
  const registeredAt = new Date(yearStart + Math.floor(rand() * (yearEnd - yearStart)));
  const today = `${registeredAt.getUTCFullYear()}-${pad(registeredAt.getUTCMonth() + 1)}-${pad(registeredAt.getUTCDate())}`;

  // A young population: many children, few over 70.
  const age = Math.min(95, Math.floor(Math.abs(rand() + rand() + rand() - 1.5) * 2 * 35 * (0.6 + rand() * 0.4)));
  let birthDate: string | null = null;
  let birthDateEstimated = false;
  const d = rand();
  if (d < 0.6) {
    const born = new Date(Date.UTC(year - age, 0, 1) + Math.floor(rand() * 365) * 86_400_000);
    birthDate = `${born.getUTCFullYear()}-${pad(born.getUTCMonth() + 1)}-${pad(born.getUTCDate())}`;
    if (birthDate > today) birthDate = today;
  } else if (d < 0.7) {
    birthDate = estimatedBirthDate(age, today);
    birthDateEstimated = true;
  }
  const phone = rand() < 0.85 ? `+254${MOBILE_PREFIXES[Math.floor(rand() * MOBILE_PREFIXES.length)]}${String(Math.floor(rand() * 1_000_000)).padStart(6, '0')}` : null;
  const nationalId = age >= 18 && rand() < 0.85 ? String(((index * 7919 + seed * 104729 + 12345) % 90_000_000) + 10_000_000) : null;
  const name = { givenName, middleName, familyName };
  return {
    id,
    givenName,
    middleName,
    familyName,
    sex,
    birthDate,
    birthDateEstimated,
    phone,
    nationalId,
    city: rand() < 0.8 ? CITIES[Math.floor(rand() * CITIES.length)]! : null,
    bloodGroup: rand() < 0.3 ? BLOOD[Math.floor(rand() * BLOOD.length)]! : null,
    preferredLanguage: rand() < 0.7 ? LANGUAGES[Math.floor(rand() * LANGUAGES.length)]! : null,
    registeredAt,
    searchName: nameSearchText(name),
    sortName: nameSortKey(name),
    tokens: nameTokens(name),
    indexKeys: nameIndexKeys(name),
  };
}
