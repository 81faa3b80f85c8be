import { type OriginNames, words } from './origin.ts'

export const irish: OriginNames = {
  male: words(`
    Sean Patrick Michael John Declan Liam Ciaran Conor Eoin Padraig Niall Cathal Darragh Cian Oisin Ronan Fergal
    Kevin Brendan Dermot Eamon Colm Kieran Seamus Aidan Brian Shane Barry Donal Tadhg Finbar Killian Rory Fintan
  `),
  female: words(`
    Siobhan Aoife Niamh Sinead Ciara Orla Roisin Mary Bridget Catherine Aisling Grainne Maeve Saoirse Deirdre
    Eileen Nuala Clodagh Fiona Caoimhe Maire Sorcha Una Emer Aine Mairead Colette Majella Noreen Sheila
  `),
  surnames: words(`
    Murphy Kelly O'Sullivan Walsh O'Brien Byrne Ryan O'Connor O'Neill O'Reilly Doyle McCarthy Gallagher O'Doherty
    Kennedy Lynch Murray Quinn Moore McLoughlin O'Carroll Connolly Daly O'Connell Wilson Dunne Brennan Burke
    Collins Campbell Clarke Johnston Hughes O'Farrell Fitzgerald Brown Martin Maguire Nolan Flynn Thompson
    O'Callaghan O'Donnell Duffy O'Mahony Boyle Healy O'Shea White Sweeney Hayes Kavanagh Power McGrath Moran
    Brady Stewart Casey Foley Fitzpatrick O'Leary McDonnell MacMahon Donnelly Regan Donovan Burns Flanagan Mullan
    Barry Kane Robinson Cunningham Griffin Kenny Sheehan Ward Whelan Lyons Reid Graham Higgins Cullen Keane King
    Maher McKenna Bell Scott Hogan O'Keeffe Magee McNamara McDonald MacDermott Moloney O'Rourke Buckley O'Dwyer
    Cahill Dillon Sheridan Fahy Tierney Geraghty Corcoran Hegarty Mulligan Hennessy Costello Devlin McGuinness
  `),
  tail: {
    starts: words("O' Mac Mc"),
    ends: words(`
      Donagh Gorman Loughlin Hanlon Kiernan Cormack Grady Toole Dowd Meara Driscoll Halloran Kinsella Garrity
      Ginley Bride Cafferty Elhinney Geown Ardle Glinchey Nulty Sherry Keever
    `),
    share: 0.25,
  },
}
