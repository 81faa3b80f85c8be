import { type OriginNames, words } from './origin.ts'

export const westAfrican: OriginNames = {
  male: words(`
    Oluwaseun Chinedu Emeka Kwame Kofi Kwabena Yaw Olumide Tunde Adebayo Babajide Chukwuemeka Ifeanyi Obinna
    Segun Femi Ayodele Oluwafemi Uchenna Nnamdi Kelechi Abiodun Kunle Dapo Yusuf Ibrahim Musa Samuel Daniel
    Emmanuel Godfrey Michael David Joseph Solomon Ebenezer Nana Kojo Kwaku Mamadou Ousmane Abdoulaye Moses
  `),
  female: words(`
    Chioma Ngozi Adaeze Folake Funmilayo Yetunde Abimbola Oluwakemi Adeola Bukola Titilayo Nneka Amaka Ifeoma
    Akosua Ama Abena Efua Adwoa Esi Grace Blessing Precious Mercy Joy Comfort Patience Faith Fatou Aminata
    Mariama Aissatou Omolara Temitope Damilola Oluwatoyin
  `),
  surnames: words(`
    Okafor Adeyemi Mensah Owusu Okonkwo Adebayo Boateng Asante Oyelaran Okeke Ogunleye Adeleke Balogun Nwosu
    Eze Obi Osei Appiah Addo Agyeman Danso Ansah Bello Ibrahim Abubakar Olawale Afolabi Ogunbiyi Adewale Onyekachi
    Nwachukwu Chukwu Okoro Uche Achebe Ojo Akinola Akande Oladipo Olaniyan Oyewole Ajayi Alade Babatunde Fashola
    Ogundipe Oduya Adjei Amoah Kuffour Darko Frimpong Opoku Sarpong Tetteh Quaye Diallo Bah Sow Camara Jalloh
    Kamara Sesay Conteh Koroma Bangura Turay Fofanah Kanu Ndukwe Igwe Anyanwu Ezeh Nnadi
  `),
  tail: {
    starts: words('Ade Olu Oko Aki Ogun Oye Ola Chi Nwa Ako Ayo Ife Kwa Ofo'),
    ends: words('wale yemi kunle tunde bayo femi nkwo dike nna meka sola yinka ola kemi'),
    share: 0.3,
  },
}
