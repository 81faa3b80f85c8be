import { type OriginNames, words } from './origin.ts'

/** Sikh given names, shared by men and women, combined with Singh (men) or Kaur (women). */
export const sikhForenames = words(`
  Gurpreet Harpreet Jaspreet Manpreet Amrit Sukhwinder Jaswinder Kuldeep Baljit Rajinder Harjinder Parminder
  Gurdeep Sandeep Kamaljit Ravinder Paramjit Navdeep Simran Harjit Sukhdeep Balwinder
`)
export const sikhFamilyNames = words(`
  Sandhu Gill Dhillon Sidhu Grewal Bains Johal Atwal Bhatti Cheema Sahota Dhaliwal Mann Virk Sangha Rai Kang
  Basra Chahal Hayer Khela Bassi Matharu Panesar
`)

export const southAsian: OriginNames = {
  male: words(`
    Mohammed Imran Asif Tariq Amir Arif Zahid Shahid Kamran Faisal Adnan Sajid Rizwan Naveed Usman Bilal Hamza
    Raj Sanjay Vijay Anil Ravi Amit Rakesh Sunil Ashok Deepak Nikhil Rohan Arjun Vikram Hitesh Nitin Kiran Dinesh
    Abdul Rashid Javed Irfan Saeed Waqar Zubair Shakeel Aftab Aamir Yasir Junaid Anwar Kashif Nadeem Rahul Pradeep
  `),
  female: words(`
    Fatima Ayesha Sana Nadia Samina Shazia Rubina Nasreen Farzana Saima Aisha Amina Zainab Maryam Noreen Shabana
    Priya Anjali Sunita Neha Pooja Meena Kavita Rekha Asha Deepa Nisha Seema Geeta Sonia Reena Anita Sapna Hina
  `),
  surnames: words(`
    Khan Patel Hussain Ahmed Ali Begum Shah Akhtar Iqbal Mahmood Rahman Miah Butt Mohammed Sharma Kumar Chaudhry
    Malik Qureshi Hussein Bibi Rashid Aslam Siddiqui Mirza Raja Anwar Javed Shaikh Sheikh Ahmad Islam Uddin Hossain
    Chowdhury Begam Bhatti Zaman Karim Nawaz Rehman Hassan Parveen Mistry Desai Mehta Joshi Shukla Gupta Verma Rao
    Nair Pillai Reddy Menon Iyer Chauhan Solanki Parmar Chavda Modi Thakkar Lad Naik Vora Tailor Bhatt Pandya
    Pathan Yousaf Latif Saleem Aziz Bashir Hanif Sadiq Younis Majid Tahir Riaz Rafiq Nazir Shafiq Arshad Ashraf
  `),
  tail: {
    starts: words('Raj Dev Sur Ram Har Bal Kar Ved Nar Jag Sat Prem Shiv Ravi Chan Dhar Man Tej'),
    ends: words('wani pal dev ani ora walia kar nath chand wal wadia singhani rathi'),
    share: 0.2,
  },
}
