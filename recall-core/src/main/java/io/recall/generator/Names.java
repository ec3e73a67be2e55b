package io.recall.generator;

import java.util.List;

/**
 * The small name lists profiles are drawn from: common English names, and common Chinese names with
 * their pinyin (which e-mail addresses are made of).
 */
final class Names {

    private Names() {
    }

    /** A Chinese name part and its toneless pinyin. */
    record Chinese(String hanzi, String pinyin) {
    }

    static final List<String> ENGLISH_FEMALE = List.of(
            "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Mia", "Poppy", "Ella",
            "Lily", "Evie", "Isabella", "Charlotte", "Jessica", "Freya", "Ruby", "Daisy", "Chloe", "Alice",
            "Hannah", "Lucy", "Sarah", "Emma", "Rachel", "Helen", "Claire", "Karen", "Susan", "Margaret");

    static final List<String> ENGLISH_MALE = List.of(
            "Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Muhammad", "Thomas", "Oscar",
            "William", "James", "Leo", "Alfie", "Henry", "Joshua", "Daniel", "David", "Richard", "Paul",
            "Mark", "Andrew", "Peter", "Michael", "Robert", "John", "Stephen", "Ian", "Gary", "Simon");

    static final List<String> ENGLISH_SURNAMES = List.of(
            "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
            "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
            "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
            "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
            "Khan", "O'Brien", "Murphy", "Campbell", "Stewart", "Ahmed", "Singh", "Kelly", "Price", "Bennett");

    static final List<Chinese> CHINESE_SURNAMES = List.of(
            new Chinese("王", "wang"), new Chinese("李", "li"), new Chinese("张", "zhang"), new Chinese("刘", "liu"),
            new Chinese("陈", "chen"), new Chinese("杨", "yang"), new Chinese("黄", "huang"), new Chinese("赵", "zhao"),
            new Chinese("吴", "wu"), new Chinese("周", "zhou"), new Chinese("徐", "xu"), new Chinese("孙", "sun"),
            new Chinese("马", "ma"), new Chinese("朱", "zhu"), new Chinese("胡", "hu"), new Chinese("郭", "guo"),
            new Chinese("何", "he"), new Chinese("林", "lin"), new Chinese("高", "gao"), new Chinese("罗", "luo"));

    static final List<Chinese> CHINESE_FEMALE = List.of(
            new Chinese("芳", "fang"), new Chinese("娜", "na"), new Chinese("敏", "min"), new Chinese("静", "jing"),
            new Chinese("丽", "li"), new Chinese("婷", "ting"), new Chinese("秀英", "xiuying"),
            new Chinese("玉兰", "yulan"), new Chinese("晓燕", "xiaoyan"), new Chinese("雪", "xue"),
            new Chinese("欣怡", "xinyi"), new Chinese("梓涵", "zihan"), new Chinese("雨萱", "yuxuan"),
            new Chinese("思琪", "siqi"), new Chinese("佳怡", "jiayi"));

    static final List<Chinese> CHINESE_MALE = List.of(
            new Chinese("伟", "wei"), new Chinese("强", "qiang"), new Chinese("磊", "lei"), new Chinese("军", "jun"),
            new Chinese("洋", "yang"), new Chinese("勇", "yong"), new Chinese("杰", "jie"), new Chinese("涛", "tao"),
            new Chinese("明", "ming"), new Chinese("超", "chao"), new Chinese("浩然", "haoran"),
            new Chinese("子轩", "zixuan"), new Chinese("宇轩", "yuxuan"), new Chinese("俊杰", "junjie"),
            new Chinese("志强", "zhiqiang"));
}
