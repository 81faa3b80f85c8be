import { type OriginNames, words } from './origin.ts'

export const caribbean: OriginNames = {
  male: words(`
    Marlon Delroy Winston Leroy Clive Errol Junior Tyrone Andre Jermaine Dwayne Kareem Devon Marcus Desmond Lloyd
    Courtney Carlton Everton Ricardo Rohan Damian Shane Kemar Omar Jamal Tristan Nathaniel Jerome Lascelles Neville
  `),
  female: words(`
    Shanice Tanisha Keisha Monique Simone Natasha Marcia Paulette Yvonne Beverley Sharon Jacqueline Claudette
    Janice Sonia Tamika Latoya Shereen Kimberley Nadine Marsha Petra Andrea Camille Dionne Charmaine
  `),
  surnames: words(`
    Brown Williams Campbell Smith Johnson Thomas Grant Clarke Francis Henry James Reid Morgan Edwards Lewis Walker
    Robinson Wright Gordon Bailey Stewart Thompson Richards Gayle Barrett McKenzie Lawrence Gibbs Forbes Spencer
    Samuels Ellis Hamilton Daley Beckford Chambers Mullings Blake Powell Palmer Salmon Bennett Wilson Pinnock
    Hylton Wynter Thorpe Bryan Christie Graham Reece Nembhard Bogle Fearon Dacres Ricketts Ferguson Levy Morrison
  `),
  tail: {
    starts: words('Mc Mac'),
    ends: words('Farlane Kenzie Laren Intosh Gregor Calla Lean Cleary Dermott Pherson Allister Lachlan'),
    share: 0.1,
  },
}
