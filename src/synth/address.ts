import { draw, type Random, weighted } from './random.ts'

/**
 * Well-formed UK postcodes and addresses. Postcode areas are real, with the towns they serve and a plausible
 * number of districts; sectors and units are random, so the postcodes need not be real addresses.
 */
interface PostcodeArea {
  area: string
  towns: readonly string[]
  districts: number
  /** Share of the population, roughly by the area's size. */
  weight: number
}

const areas: readonly PostcodeArea[] = [
  { area: 'B', towns: ['Birmingham', 'Sutton Coldfield', 'Solihull'], districts: 98, weight: 6 },
  { area: 'M', towns: ['Manchester', 'Salford', 'Stretford'], districts: 50, weight: 5 },
  { area: 'L', towns: ['Liverpool', 'Bootle', 'Prescot'], districts: 40, weight: 4 },
  { area: 'LS', towns: ['Leeds', 'Otley', 'Wetherby'], districts: 29, weight: 3.5 },
  { area: 'S', towns: ['Sheffield', 'Rotherham', 'Barnsley'], districts: 75, weight: 3.5 },
  { area: 'BD', towns: ['Bradford', 'Keighley', 'Shipley'], districts: 24, weight: 2.5 },
  { area: 'NE', towns: ['Newcastle upon Tyne', 'Gateshead', 'South Shields'], districts: 71, weight: 3.5 },
  { area: 'NG', towns: ['Nottingham', 'Mansfield', 'Newark'], districts: 34, weight: 3 },
  { area: 'LE', towns: ['Leicester', 'Loughborough', 'Hinckley'], districts: 19, weight: 2.5 },
  { area: 'CV', towns: ['Coventry', 'Nuneaton', 'Rugby'], districts: 37, weight: 2 },
  { area: 'BS', towns: ['Bristol', 'Weston-super-Mare'], districts: 49, weight: 2.5 },
  { area: 'CF', towns: ['Cardiff', 'Barry', 'Caerphilly'], districts: 83, weight: 2.5 },
  { area: 'SA', towns: ['Swansea', 'Llanelli', 'Neath'], districts: 73, weight: 1.5 },
  { area: 'PL', towns: ['Plymouth', 'Saltash'], districts: 35, weight: 1.2 },
  { area: 'SO', towns: ['Southampton', 'Eastleigh', 'Winchester'], districts: 53, weight: 1.5 },
  { area: 'PO', towns: ['Portsmouth', 'Havant', 'Fareham'], districts: 41, weight: 1.5 },
  { area: 'BN', towns: ['Brighton', 'Hove', 'Worthing'], districts: 45, weight: 1.8 },
  { area: 'ME', towns: ['Maidstone', 'Rochester', 'Chatham'], districts: 20, weight: 1.4 },
  { area: 'HU', towns: ['Hull', 'Beverley'], districts: 20, weight: 1.5 },
  { area: 'SR', towns: ['Sunderland', 'Seaham'], districts: 9, weight: 1 },
  { area: 'TS', towns: ['Middlesbrough', 'Stockton-on-Tees', 'Hartlepool'], districts: 29, weight: 1.8 },
  { area: 'DN', towns: ['Doncaster', 'Scunthorpe', 'Grimsby'], districts: 41, weight: 1.6 },
  { area: 'WV', towns: ['Wolverhampton', 'Bilston'], districts: 16, weight: 1.4 },
  { area: 'ST', towns: ['Stoke-on-Trent', 'Newcastle-under-Lyme', 'Stafford'], districts: 21, weight: 1.5 },
  { area: 'PR', towns: ['Preston', 'Chorley', 'Leyland'], districts: 26, weight: 1.2 },
  { area: 'BB', towns: ['Blackburn', 'Burnley', 'Accrington'], districts: 18, weight: 1.2 },
  { area: 'OL', towns: ['Oldham', 'Rochdale'], districts: 16, weight: 1.2 },
  { area: 'WF', towns: ['Wakefield', 'Pontefract', 'Dewsbury'], districts: 17, weight: 1.2 },
  { area: 'LU', towns: ['Luton', 'Dunstable'], districts: 7, weight: 1 },
  { area: 'NR', towns: ['Norwich', 'Great Yarmouth'], districts: 35, weight: 1 },
  { area: 'E', towns: ['London'], districts: 18, weight: 4 },
  { area: 'N', towns: ['London'], districts: 22, weight: 3 },
  { area: 'SE', towns: ['London'], districts: 28, weight: 4 },
  { area: 'SW', towns: ['London'], districts: 20, weight: 3 },
  { area: 'NW', towns: ['London'], districts: 11, weight: 2.5 },
  { area: 'W', towns: ['London'], districts: 14, weight: 2 },
  { area: 'CR', towns: ['Croydon', 'Purley'], districts: 9, weight: 1.2 },
  { area: 'G', towns: ['Glasgow', 'Paisley'], districts: 84, weight: 1 },
]

const areaDraw = weighted(areas.map((a) => [a, a.weight] as const))

// Letters never used in the inward code's unit part.
const unitLetters = [...'ABDEFGHJLNPQRSTUWXYZ']

const streetNames =
  `Church Station Victoria Park Queen King Mill High School North South West Green Manor George
  Albert Windsor Grange Alexander Chapel York New Springfield Highfield Kingsway Beech Oak Elm Ash Willow Cedar
  Meadow Moor Brook Hill Orchard Bridge Market Castle Canal Union Cromwell Nelson Wellington Stanley Clarence Trinity
  Hampton Clifton Grosvenor Oxford Cambridge Milton Shelley Byron Dickens Tennyson Chaucer Marlborough Balmoral
  Sandringham Rosemary Lavender Primrose Heather Holly Ivy Hawthorn Rowan Sycamore Chestnut Poplar Laurel Fern`
    .trim()
    .split(/\s+/)
const streetTypes = weighted([
  ['Road', 30],
  ['Street', 25],
  ['Avenue', 10],
  ['Close', 8],
  ['Lane', 8],
  ['Drive', 6],
  ['Crescent', 4],
  ['Way', 4],
  ['Grove', 3],
  ['Court', 3],
  ['Terrace', 3],
  ['Gardens', 2],
  ['Place', 2],
] as const)

export interface Address {
  line1: string
  /** Flat, estate or district; often empty. */
  line2: string
  town: string
  postcode: string
}

const postcode = (random: Random, area: PostcodeArea): string => {
  const district = random.int(1, area.districts)
  return `${area.area}${district} ${random.int(0, 9)}${random.pick(unitLetters)}${random.pick(unitLetters)}`
}

export const drawAddress = (random: Random): Address => {
  const area = draw(random, areaDraw)
  const street = `${random.pick(streetNames)} ${draw(random, streetTypes)}`
  const flat = random.chance(0.2)
  return {
    line1: `${random.int(1, flat ? 40 : 220)} ${street}`,
    line2: flat
      ? `Flat ${random.int(1, 30)}`
      : random.chance(0.15)
        ? `${random.pick(streetNames)} Estate`
        : '',
    town: random.pick(area.towns),
    postcode: postcode(random, area),
  }
}

/** A move within the same town more often than not, as most moves are local. */
export const drawMove = (random: Random, from: Address): Address => {
  const next = drawAddress(random)
  if (!random.chance(0.6)) return next
  const area = areas.find((a) => a.towns.includes(from.town))
  return area ? { ...next, town: from.town, postcode: postcode(random, area) } : next
}
