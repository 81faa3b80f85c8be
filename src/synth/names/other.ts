import { type OriginNames, words } from './origin.ts'

/** Origins too small to list separately: Southern European, Latin American, Turkish, Kurdish, Somali, Iranian. */
export const other: OriginNames = {
  male: words(`
    Luis Carlos Jose Juan Miguel Antonio Marco Luca Giovanni Paolo Mehmet Ahmet Mustafa Emre Burak Reza Ali
    Dariusz Hassan Abdi Mohamed Farhan Yusuf Diego Pedro Joao Rui Nuno Stavros Nikos Kostas Dimitris
  `),
  female: words(`
    Maria Ana Sofia Lucia Giulia Francesca Elif Ayse Zeynep Fatma Maryam Shirin Leila Hodan Amina Fadumo Ines
    Beatriz Catarina Eleni Georgia Despina Carmen Rosa
  `),
  surnames: words(`
    Silva Santos Ferreira Pereira Costa Rodrigues Garcia Martinez Lopez Gonzalez Fernandez Rossi Russo Ferrari
    Esposito Bianchi Romano Colombo Yilmaz Kaya Demir Sahin Celik Aydin Ozturk Ahmadi Hosseini Rezaei Mohammadi
    Karimi Farah Abdi Warsame Omar Nur Jama Yusuf Papadopoulos Georgiou Christou Nikolaou Andreou
  `),
  tail: {
    starts: words('Fern Mart Sant Bell Costa Demir Ozt'),
    ends: words('ez ini elli os oglu ides urk'),
    share: 0.3,
  },
}
