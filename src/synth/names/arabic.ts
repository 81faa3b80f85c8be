import { type OriginNames, words } from './origin.ts'

/**
 * Arabic-origin people are named forename + father's name + family name; the father's name is drawn from the male
 * list and sometimes recorded as the surname (see ErrorRates.arabicPatronymicAsSurname).
 */
export const arabic: OriginNames = {
  male: words(`
    Mohammed Ahmed Ali Omar Hassan Hussein Khalid Abdullah Youssef Ibrahim Mustafa Karim Tariq Samir Nabil Walid
    Rami Fadi Ziad Bilal Hamza Anas Yasin Adel Jamal Faisal Majid Said Salah Sami Nasser Amir Bassam Imad Marwan
    Osama Rashid Zaid Aziz Mahmoud Abdelrahman Abdulaziz Yahya Idris Suleiman Ismail
  `),
  female: words(`
    Fatima Aisha Mariam Noor Layla Amira Yasmin Huda Rania Salma Hanan Dalia Lina Rana Samira Nadia Zainab Sara
    Hiba Reem Iman Asma Ghada Mona Najat Souad Khadija Amal Leila Nour
  `),
  surnames: words(`
    Al-Hassan Hassan Ali Ahmed Mohamed Ibrahim Abdullah Al-Ahmad Saleh Mahmoud Khalil Mansour Haddad Nasser
    Al-Rashid El-Sayed Hussein Youssef Othman Omar Farah Hamdan Qasim Aziz Ismail Al-Najjar Darwish Suleiman
    Jaber El-Masri Al-Amin Badawi Habib Karam Issa Musa Khoury Nassar Shalabi Hamid Yassin Al-Tamimi Barakat Zaki
    Hamoud Obeid Ayoub Fakhoury Bakr Al-Sharif El-Amin Al-Obaidi Rahim Salem Khalaf Murad Taha Jabbar Kareem
  `),
  tail: {
    starts: words('Al- El-'),
    ends: words(
      'Zahrani Qahtani Mutairi Hashimi Jabouri Dulaimi Shammari Khatib Attar Masri Halabi Shami Baghdadi',
    ),
    share: 0.2,
  },
}
