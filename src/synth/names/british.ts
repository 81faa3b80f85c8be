import { type OriginNames, words } from './origin.ts'

export const british: OriginNames = {
  male: words(`
    David John Michael Paul Andrew Mark James Richard Peter Robert Christopher Stephen Daniel Thomas Matthew Anthony
    Ian Simon Gary Kevin Steven Lee Craig Darren Jason Wayne Carl Dean Stuart Martin Neil Adam Ryan Luke Jamie
    Jordan Liam Connor Callum Jack Joshua Lewis Kyle Nathan Ben Samuel William Joseph George Alexander Scott Shaun
    Philip Graham Colin Keith Alan Brian Kenneth Derek Terence Raymond Barry Trevor Roy Nigel Russell Jonathan
    Nicholas Timothy Benjamin Charlie Harry Oliver Alfie Kieran Reece Bradley Aaron Jake Dale Gavin Glen Leon Ross
    Frederick Edward Henry Charles Arthur Albert Ronald Dennis Leonard Stanley Harvey Tyler Ashley Jay Billy Bobby
  `),
  female: words(`
    Sarah Emma Claire Nicola Lisa Michelle Karen Laura Rebecca Gemma Louise Kelly Rachel Amy Jennifer Hannah Donna
    Stacey Samantha Victoria Jessica Charlotte Katie Lauren Chloe Sophie Emily Elizabeth Helen Susan Julie Tracey
    Deborah Joanne Amanda Jacqueline Dawn Angela Caroline Catherine Jane Alison Lynn Carol Linda Patricia Margaret
    Janet Christine Sandra Wendy Paula Natalie Zoe Kerry Leanne Danielle Jade Kayleigh Shannon Courtney Megan Holly
    Olivia Grace Ellie Jodie Abigail Bethany Georgia Kirsty Melissa Hayley Toni Tina Sharon Diane Teresa Jill
    Kathleen Mary Anne Joan Dorothy Barbara Maureen Shirley Valerie Pauline Beverley Jasmine Amber Leah Rosie
  `),
  surnames: words(`
    Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker
    White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris Moore
    Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths
    Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall Anderson
    Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Campbell
    Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon
    Harvey Graham Pearson Fletcher Walsh Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne
    Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts
    Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory
    Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton
    Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton
    Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson
    Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers Griffin Sharp Hardy Wheeler Potter
    Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis
    Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater Austin
    Sullivan Whitehead Mann Frost Lambert Stephens Blake Lynch Goodwin Barton Woodward Thomson Cunningham
    Quinn Barnett Baxter Clayton Nash Greenwood Jennings Holt Kemp Poole Gallagher Bond Stokes Tucker Davidson
    Fowler Heath Norman Middleton Lawson Banks French Stanley Jarvis Gibbs Ferguson Hayward Carroll Douglas Dickinson
    Todd Barlow Peters Lucas Knowles Hartley Simmons Morrison Farrell Hurst Harrington Lamb Vaughan
    Fleming Brennan Thornton Archer Burrows Benson Whittaker Cartwright Metcalfe Pickering Sheppard Kirk
    Norris Howell Marsden Hargreaves Whitworth Ashworth Horton Rowley Sykes Pollard Hobbs Dale Swift Bolton Tyler
    Naylor Lord Tomlinson Hyde Charlton Garner Kirby Haynes Houghton Dyer Glover Bradshaw Hicks Chadwick Parkinson
    Goddard Hancock Holloway Leach Sanderson Heaton Mellor Rigby Stott Whitfield Townsend Blackburn Crawford Emery
  `),
  tail: {
    starts: words(`
      Ash Brad Brook Chat Dun Fair Hal Hart Kings Mid North Ox Ros Shel Stan Thorn Wal Whit Craw Ald Bar Bur Cal
      Elm Far Gold Haw Hol Lang Lock Mar Mor New Pen Red Rad Sal Sher Staf Sud Wad War Wey Wick Win Yar Brack Cran
    `),
    ends: words(
      'ford ley ton worth field ham by well wood croft stead more bury den cliffe hurst combe thwaite wick',
    ),
    share: 0.45,
  },
}
