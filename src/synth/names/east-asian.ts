import { type OriginNames, words } from './origin.ts'

export const eastAsian: OriginNames = {
  male: words(`
    Wei Jun Hao Jie Lei Ming Tao Yong Qiang Jian Bo Feng Chen Long Yi Kai Hui Cheng Zhi Gang Minh Tuan Duc Hung
    Quang Thanh Hoang Anh Kenji Hiroshi Takeshi Jae Min-jun Seo-jun Ji-ho
  `),
  female: words(`
    Li Mei Xiu Ying Fang Jing Yan Hong Lan Hua Xin Na Min Qing Lin Ting Xue Yu Mai Lan Thu Huong Linh Trang Ngoc
    Hoa Yuki Sakura Ji-woo Seo-yeon Min-ji
  `),
  surnames: words(`
    Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng Liang Xie Tang Han Cao
    Deng Feng Zeng Cheng Wong Chan Cheung Lau Ng Ho Leung Lam Tsang Yip Nguyen Tran Le Pham Hoang Phan Vu Dang Bui
    Do Ngo Duong Ly Kim Park Choi Jung Kang Cho Yoon Tanaka Suzuki Sato Watanabe
  `),
  tail: { starts: words('Zh Ch X Q'), ends: words('ang eng ong iao uan ing'), share: 0.05 },
}

/** Anglicised forenames East Asian-origin people use beside their given name. */
export const anglicisedMale = words(
  'Kevin Tony Jack Michael David Eric Peter Jason Alan Vincent Andy Ken Danny',
)
export const anglicisedFemale = words(
  'Lily Amy Grace Helen Jenny Cindy Vivian Joyce Annie Sophie Michelle Kitty',
)
