import { type OriginNames, words } from './origin.ts'

/**
 * Surnames are listed in the masculine form; women take the feminine form (-ski → -ska, -cki → -cka, Czech and
 * Slovak -ová) from feminineSurname.
 */
export const easternEuropean: OriginNames = {
  male: words(`
    Piotr Tomasz Pawel Krzysztof Marcin Michal Lukasz Jakub Mateusz Kamil Adam Andrzej Marek Grzegorz Dariusz
    Aleksandr Dmitri Sergei Andrei Ivan Nikolai Vladimir Mihai Ionut Andrei Florin Adrian Cristian Bogdan Gheorghe
    Jan Petr Martin Tomas Jiri Lukas Vasile Nicolae Darius Mindaugas Tadas Janis Aivars Artur Rafal Wojciech Dawid
  `),
  female: words(`
    Anna Katarzyna Agnieszka Magdalena Joanna Monika Ewa Malgorzata Justyna Aleksandra Natalia Marta Paulina
    Olga Tatiana Irina Elena Svetlana Natalya Ioana Andreea Alina Mihaela Daniela Petra Lucie Veronika Tereza
    Kristina Jurgita Inga Ilona Dorota Beata Karolina Zuzana
  `),
  surnames: words(`
    Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski Szymanski Wozniak Dabrowski
    Kozlowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski Pawlowski Michalski Nowicki
    Adamczyk Dudek Zajac Wieczorek Jablonski Krol Majewski Olszewski Jaworski Wrobel Malinowski Pawlak Witkowski
    Walczak Stepien Gorski Rutkowski Michalak Sikora Ostrowski Baran Duda Szewczyk Tomaszewski Pietrzak Marciniak
    Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu Constantin Dinu Lazar
    Novak Svoboda Novotny Dvorak Cerny Prochazka Kucera Vesely Horak Nemec Pokorny Marek Kazlauskas Jankauskas
    Petrauskas Ivanov Petrov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov Novikov Morozov Volkov Berzins Ozols
  `),
  tail: {
    starts: words('Kowal Zawad Sobie Wilk Grab Dobr Wol Lip Brzez Kras Mal Staw Olsz Sosn Jasin Kalin Czarn'),
    ends: words('owski ewski inski ecki ak czyk ik ek iak'),
    share: 0.3,
  },
}

const czechOva = new Set(['Novak', 'Svoboda', 'Dvorak', 'Prochazka', 'Kucera', 'Horak', 'Nemec', 'Marek'])

/** The feminine form of a surname, as Polish, Czech, Russian and Lithuanian women's surnames take. */
export const feminineSurname = (masculine: string): string => {
  if (/(ski|cki|dzki)$/.test(masculine)) return `${masculine.slice(0, -1)}a`
  if (/(ov|ev|in)$/.test(masculine)) return `${masculine}a`
  if (/(ny|ky|ly)$/.test(masculine)) return `${masculine.slice(0, -1)}a`
  if (/auskas$/.test(masculine)) return `${masculine.slice(0, -2)}iene`
  if (czechOva.has(masculine)) return `${masculine.replace(/a$/, '').replace(/ec$/, 'c')}ová`
  return masculine
}
