"""Where each member country's demo names come from.

Most countries use a Faker locale. Where Faker has no locale for a country's
names, or has one whose script anyascii cannot romanise (Arabic, Persian and
Hebrew omit short vowels; Thai spelling is not phonetic), a small pool below
pairs each name with the Latin spelling its bearer would use on a badge.
These are common given names and surnames, not real people.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pool:
    """Names as (native, Latin) pairs; Latin-only pools repeat the name."""

    male: tuple[tuple[str, str], ...]
    female: tuple[tuple[str, str], ...]
    family: tuple[tuple[str, str], ...]
    family_first: bool = False  # the badge reads "Family Given"
    one_name: bool = False  # people are known by one name only


def _latin(names: str) -> tuple[tuple[str, str], ...]:
    return tuple((n, n) for n in names.split(", "))


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """'محمد=Mohammed, أحمد=Ahmed' -> (('محمد', 'Mohammed'), ('أحمد', 'Ahmed'))."""
    return tuple(tuple(item.split("=")) for item in text.split(", "))  # type: ignore[misc]


ARABIC_MALE = _pairs(
    "محمد=Mohammed, أحمد=Ahmed, علي=Ali, عمر=Omar, خالد=Khaled, يوسف=Youssef, إبراهيم=Ibrahim, "
    "حسن=Hassan, حسين=Hussein, عبد الله=Abdullah, عبد الرحمن=Abdulrahman, عبد العزيز=Abdulaziz, "
    "مصطفى=Mostafa, محمود=Mahmoud, سعيد=Said, طارق=Tarek, كريم=Karim, ماجد=Majed, فيصل=Faisal, "
    "سلطان=Sultan, ناصر=Nasser, فهد=Fahad, سامي=Sami, وليد=Walid, هشام=Hisham, عادل=Adel, "
    "جمال=Jamal, منصور=Mansour, زياد=Ziad, باسل=Basel, عماد=Imad, نبيل=Nabil, ياسر=Yasser, "
    "حمد=Hamad, راشد=Rashid, سالم=Salem, مازن=Mazen, أنس=Anas"
)
ARABIC_FEMALE = _pairs(
    "فاطمة=Fatima, مريم=Maryam, عائشة=Aisha, نور=Nour, ليلى=Leila, سارة=Sara, هدى=Huda, منى=Mona, "
    "رانيا=Rania, ياسمين=Yasmine, سلمى=Salma, أمل=Amal, دينا=Dina, نادية=Nadia, هالة=Hala, "
    "سميرة=Samira, خديجة=Khadija, لمياء=Lamia"
)
# North African spellings follow French rather than English.
MAGHREB_SPELLING = {
    "Mohammed": "Mohamed", "Rashid": "Rachid", "Hisham": "Hicham", "Abdullah": "Abdellah",
    "Abdulrahman": "Abderrahmane", "Abdulaziz": "Abdelaziz", "Mostafa": "Mustapha", "Hussein": "Houcine",
    "Tarek": "Tarik", "Huda": "Houda", "Nour": "Nour", "Khadija": "Khadija",
}


def _maghreb(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((ar, MAGHREB_SPELLING.get(la, la)) for ar, la in pairs)


POOLS: dict[str, Pool] = {
    "arabic_gulf": Pool(ARABIC_MALE, ARABIC_FEMALE, _pairs(
        "المنصوري=Al Mansouri, الشمري=Al Shammari, العتيبي=Al Otaibi, القحطاني=Al Qahtani, "
        "الزهراني=Al Zahrani, الهاشمي=Al Hashimi, النعيمي=Al Nuaimi, الكعبي=Al Kaabi, الدوسري=Al Dosari, "
        "الحربي=Al Harbi, المري=Al Marri, الكواري=Al Kuwari, الشامسي=Al Shamsi, البلوشي=Al Balushi, "
        "الغامدي=Al Ghamdi, العنزي=Al Enezi, المطيري=Al Mutairi, الرميثي=Al Romaithi, "
        "الظاهري=Al Dhaheri, السويدي=Al Suwaidi"
    )),
    "arabic_mashriq": Pool(ARABIC_MALE, ARABIC_FEMALE, _pairs(
        "الخطيب=Al Khatib, حداد=Haddad, خوري=Khoury, نصار=Nassar, منصور=Mansour, عثمان=Osman, "
        "سليمان=Suleiman, إبراهيم=Ibrahim, حسن=Hassan, عبد الرحمن=Abdel Rahman, الجبوري=Al Jubouri, "
        "التميمي=Al Tamimi, العبيدي=Al Obaidi, المصري=El Masry, عبد الحميد=Abdel Hamid, السيد=El Sayed, "
        "فرج=Farag, شاهين=Shaheen, النجار=Al Najjar, صالح=Saleh, الأحمد=Al Ahmad, درويش=Darwish, "
        "عيسى=Issa, يونس=Younes"
    )),
    "arabic_maghreb": Pool(_maghreb(ARABIC_MALE), _maghreb(ARABIC_FEMALE), _pairs(
        "العلوي=El Alaoui, الإدريسي=El Idrissi, بنسعيد=Bensaid, بوزيد=Bouzid, التازي=Tazi, "
        "بنعمر=Benomar, الفاسي=El Fassi, الشريف=Cherif, السعيدي=Saidi, العمراني=El Amrani, "
        "بن يوسف=Benyoussef, بلقاسم=Belkacem, حمدي=Hamdi, الطرابلسي=Trabelsi, بن صالح=Ben Salah, "
        "مزيان=Meziane, بوعزيز=Bouaziz, الجزيري=Jaziri, المنصوري=Mansouri, القاسمي=Kacemi"
    )),
    "persian": Pool(_pairs(
        "محمد=Mohammad, علی=Ali, حسین=Hossein, رضا=Reza, مهدی=Mehdi, امیر=Amir, حمید=Hamid, مجید=Majid, "
        "سعید=Saeed, مسعود=Masoud, بهروز=Behrouz, فرهاد=Farhad, کامران=Kamran, داریوش=Dariush, "
        "جواد=Javad, مرتضی=Morteza, محسن=Mohsen, احمد=Ahmad"
    ), _pairs(
        "مریم=Maryam, فاطمه=Fatemeh, زهرا=Zahra, لیلا=Leila, شیرین=Shirin, نرگس=Narges, سارا=Sara, "
        "مینا=Mina, پریسا=Parisa, الهام=Elham"
    ), _pairs(
        "احمدی=Ahmadi, محمدی=Mohammadi, حسینی=Hosseini, رضایی=Rezaei, کریمی=Karimi, موسوی=Mousavi, "
        "جعفری=Jafari, رحیمی=Rahimi, صادقی=Sadeghi, هاشمی=Hashemi, نوری=Nouri, قاسمی=Ghasemi, "
        "کاظمی=Kazemi, طاهری=Taheri, اکبری=Akbari, نجفی=Najafi, عباسی=Abbasi, شریفی=Sharifi, امینی=Amini"
    )),
    "hebrew": Pool(_pairs(
        "דוד=David, יוסי=Yossi, אבי=Avi, משה=Moshe, יעקב=Yaakov, אורי=Uri, עמית=Amit, רון=Ron, "
        "איתן=Eitan, נועם=Noam, גיל=Gil, אלון=Alon, יואב=Yoav, אריאל=Ariel"
    ), _pairs(
        "מיכל=Michal, רחל=Rachel, נועה=Noa, שירה=Shira, תמר=Tamar, יעל=Yael, דנה=Dana, אורית=Orit, "
        "רונית=Ronit, לימור=Limor"
    ), _pairs(
        "כהן=Cohen, לוי=Levi, מזרחי=Mizrahi, פרץ=Peretz, ביטון=Biton, דהן=Dahan, אברהם=Avraham, "
        "פרידמן=Friedman, אזולאי=Azoulay, שפירא=Shapira, גולדברג=Goldberg, כץ=Katz, רוזן=Rosen, "
        "אוחיון=Ohayon, אשכנזי=Ashkenazi, חדד=Haddad, גבאי=Gabay, ברק=Barak"
    )),
    "thai": Pool(_pairs(
        "สมชาย=Somchai, สมศักดิ์=Somsak, วิชัย=Wichai, สุรชัย=Surachai, ธนากร=Thanakorn, "
        "ณัฐพล=Natthaphon, อนุชา=Anucha, ประเสริฐ=Prasert, สุริยา=Suriya, ชัยวัฒน์=Chaiwat, "
        "กิตติ=Kitti, พงศกร=Phongsakorn"
    ), _pairs(
        "สุดารัตน์=Sudarat, วันเพ็ญ=Wanphen, มาลี=Malee, ปราณี=Pranee, อรทัย=Orathai, นภา=Napha, "
        "ศิริพร=Siriporn, กาญจนา=Kanchana"
    ), _pairs(
        "ศรีสุข=Srisuk, วงศ์สวัสดิ์=Wongsawat, แก้วมณี=Kaewmanee, สุขสวัสดิ์=Suksawat, ทองดี=Thongdee, "
        "บุญมา=Boonma, รัตนวงศ์=Rattanawong, ศรีวงศ์=Sriwong, ชัยประเสริฐ=Chaiprasert, สมบูรณ์=Somboon, "
        "มั่นคง=Mankhong, เจริญสุข=Charoensuk, ปัญญาดี=Panyadee, อินทร์แก้ว=Inkaew"
    )),
    "mongolian": Pool(_pairs(
        "Батбаяр=Batbayar, Ганбаатар=Ganbaatar, Мөнхбат=Munkhbat, Эрдэнэбат=Erdenebat, Болд=Bold, "
        "Түмэнбаяр=Tumenbayar, Отгонбаяр=Otgonbayar, Ганзориг=Ganzorig, Дорж=Dorj"
    ), _pairs(
        "Оюунчимэг=Oyunchimeg, Сарангэрэл=Sarangerel, Наранцэцэг=Narantsetseg, Энхтуяа=Enkhtuyaa, "
        "Алтанцэцэг=Altantsetseg"
    ), _pairs(  # patronymics: the father's given name
        "Батбаяр=Batbayar, Ганбаатар=Ganbaatar, Мөнхбат=Munkhbat, Эрдэнэбат=Erdenebat, Болд=Bold, "
        "Сүхбаатар=Sukhbaatar, Отгонбаяр=Otgonbayar, Ганзориг=Ganzorig, Дорж=Dorj, Пүрэв=Purev"
    )),
    "pakistani": Pool(_latin(
        "Muhammad, Ali, Ahmed, Imran, Asif, Tariq, Bilal, Usman, Kamran, Faisal, Shahid, Naveed, Zahid, Khalid"
    ), _latin("Ayesha, Fatima, Sana, Nadia, Saima, Rabia, Amna"), _latin(
        "Khan, Ahmed, Malik, Hussain, Qureshi, Chaudhry, Butt, Sheikh, Shah, Siddiqui, Raza, Javed, Iqbal, "
        "Mirza, Abbasi"
    )),
    "albanian": Pool(_latin(
        "Arben, Besnik, Dritan, Ervin, Gentian, Ilir, Klodian, Ardian, Fatmir, Agron, Edmond, Artan"
    ), _latin("Elona, Mirela, Anila, Blerina, Jonida, Albana, Eriona"), _latin(
        "Hoxha, Shehu, Krasniqi, Gashi, Leka, Dervishi, Kola, Çela, Marku, Basha, Muça, Hysa, Tafa"
    )),
    # Malay names: a given name, then "bin" (son of) or "binti" (daughter of) and the father's name.
    "malay": Pool(_latin("Ahmad, Mohd Faizal, Muhammad, Azman, Hafiz, Khairul, Rizal, Zulkifli, Hamzah, Ismail, "
                         "Aziz, Shahrul"),
                  _latin("Nurul Huda, Siti Aminah, Aisyah, Farah, Nor Azizah, Zarina, Rohana"),
                  _latin("Abdullah, Ismail, Hassan, Yusof, Ibrahim, Osman, Rahman, Salleh, Hamid, Omar")),
    "khmer": Pool(_latin("Sophal, Vannak, Dara, Rithy, Sokha, Vuthy, Piseth, Sovann, Bunthoeun"),
                  _latin("Sreymom, Channary, Sokunthea, Bopha, Sophea"),
                  _latin("Sok, Chea, Heng, Meas, Chan, Keo, Ly, Phan, Nuon, Sam, Touch, Prak"),
                  family_first=True),
    "lao": Pool(_latin("Somphone, Khamphanh, Bounmy, Phonesavanh, Souksavanh, Vilaysack, Thongsavanh"),
                _latin("Manivone, Keomany, Chanthaly, Vanida"),
                _latin("Phommachanh, Sisavath, Vongsa, Keomanivong, Inthavong, Chanthavong, Souvannavong, "
                       "Phanthavong, Sengsouriya")),
    # Myanmar names have no family name: a person is known by two or three syllables.
    "burmese": Pool(_latin("Aung, Kyaw, Zaw, Min, Htun, Win, Soe, Thein, Myint, Naing, Thant, Hla, Tin"),
                    _latin("Aye, Khin, Thandar, Su, Myat, Nwe, Moe, Hnin, Thida, Mya"),
                    (), one_name=True),
    "pacific": Pool(_latin("Josefa, Semi, Isikeli, Viliame, Tevita, Sione, Filipo, Malakai, Taniela, Peni"),
                    _latin("Losana, Mere, Salote, Ana, Litia, Ofa"),
                    _latin("Naivalu, Koroi, Fifita, Taufa, Tuilagi, Kaupa, Wari, Lealaiauloto, Tonga, Ravu, "
                           "Kila, Detenamo")),
    "ethiopian": Pool(_latin("Abebe, Dawit, Tesfaye, Mulugeta, Getachew, Berhanu, Yohannes, Solomon, "
                             "Alemayehu, Girma"),
                      _latin("Tigist, Meron, Selam, Hirut, Almaz, Bethlehem"),
                      _latin("Kebede, Tadesse, Haile, Bekele, Mengistu, Wolde, Gebre, Desta, Alemu, Tesfaye")),
    "somali": Pool(_latin("Mohamed, Abdi, Ahmed, Hassan, Abdullahi, Osman, Yusuf, Ali, Abdirahman, Ismail"),
                   _latin("Amina, Hodan, Fadumo, Sahra, Ubah, Halima"),
                   _latin("Farah, Warsame, Hussein, Jama, Aden, Abdi, Omar, Nur, Elmi, Dahir")),
    "west_african": Pool(_latin(
        "Mamadou, Ousmane, Ibrahima, Moussa, Abdoulaye, Amadou, Souleymane, Boubacar, Seydou, Cheikh, Issa, "
        "Adama, Lamine, Idrissa, Yacouba, Kouassi, Koffi, Komlan, Mahamat"
    ), _latin("Aminata, Fatoumata, Mariama, Awa, Aïssatou, Kadiatou, Ramatoulaye, Adjoa, Akossiwa, Mariam"),
        _latin("Diallo, Traoré, Diop, Ndiaye, Sow, Coulibaly, Keïta, Touré, Camara, Koné, Ba, Cissé, Sylla, "
               "Konaté, Ouédraogo, Sawadogo, Kaboré, N'Guessan, Agbodjan, Hounkpatin, Adjovi, Sanogo, Diarra, "
               "Fofana, Bamba, Sangaré, Dembélé, Mensah, Kamara, Koroma, Sesay")),
    "central_african": Pool(_latin(
        "Jean-Pierre, Jean-Claude, Joseph, Patrick, Emmanuel, Alain, Didier, Serge, Christian, Thierry, "
        "Olivier, Blaise, Aimé"
    ), _latin("Marie-Claire, Chantal, Solange, Josiane, Béatrice, Pascaline, Odette"),
        _latin("Mbarga, Nkoulou, Ngono, Essomba, Onana, Mbemba, Kabongo, Mukendi, Tshibanda, Ilunga, Kalala, "
               "Niyonzima, Habimana, Uwimana, Mugisha, Ondo, Moussavou, Ngoma, Malonga, Mabiala, Makaya")),
    "malagasy": Pool(_latin("Hery, Tiana, Faly, Mamy, Solo, Haja, Rivo, Naina"),
                     _latin("Voahangy, Hanitra, Lalao, Noro, Fanja"),
                     _latin("Rakoto, Rasoanaivo, Randrianarisoa, Rabemananjara, Andriamihaja, Razafindrakoto, "
                            "Rajaonarison, Andrianarivo, Rakotomalala")),
}

# Member countries by alpha-2 code. A key is a Faker locale, a pool above, or a
# Faker locale with a suffix: ":latin" writes the locale's romanised names
# (Singapore), ":cyrillic" writes Latin names in Cyrillic (Serbia, Central Asia).
# Several keys mix, person by person.
COUNTRY_SOURCES: dict[str, tuple[str, ...]] = {}
_GROUPS = {
    "it_IT": "IT SM VA MT", "es_ES": "ES AD GQ", "fr_FR": "FR MC HT SC", "fr_BE nl_BE": "BE",
    "de_CH fr_CH": "CH", "de_DE": "DE", "de_AT": "AT", "de_LI": "LI", "de_LU": "LU",
    "nl_NL": "NL AW CW SX SR", "en_GB": "GB AU", "en_IE": "IE", "en_NZ": "NZ",
    "en_US": "US AG BB BS DM GD GY JM KN LC TT VC BZ", "en_US fr_CA": "CA",
    "es_MX": "MX GT HN SV NI CR PA CU DO", "es_CO": "CO VE EC PE BO", "es_AR": "AR UY PY", "es_CL": "CL",
    "pt_BR": "BR", "pt_PT": "PT AO MZ CV GW ST TL",
    "ru_RU": "RU BY", "uk_UA": "UA", "bg_BG": "BG", "mk_MK": "MK", "hr_HR": "HR BA ME",
    "hr_HR:cyrillic": "RS", "sl_SI": "SI", "sk_SK": "SK", "cs_CZ": "CZ", "pl_PL": "PL", "hu_HU": "HU",
    "ro_RO": "RO MD", "el_GR": "GR CY", "tr_TR": "TR", "albanian": "AL",
    "da_DK": "DK", "sv_SE": "SE", "no_NO": "NO", "fi_FI": "FI", "is_IS": "IS", "et_EE": "EE",
    "lv_LV": "LV", "lt_LT": "LT", "ka_GE": "GE", "hy_AM": "AM", "az_AZ": "AZ", "uz_UZ": "UZ TM",
    "uz_UZ:cyrillic": "KZ KG TJ", "mongolian": "MN",
    "zh_CN": "CN", "ja_JP": "JP", "ko_KR": "KR", "vi_VN": "VN", "thai": "TH",
    "zh_CN:latin zh_CN:latin zh_CN:latin malay en_IN": "SG",
    "id_ID": "ID", "malay": "MY BN", "en_US es_MX": "PH", "khmer": "KH", "lao": "LA", "burmese": "MM",
    "hi_IN hi_IN ta_IN": "IN", "bn_BD": "BD", "ne_NP": "NP BT", "si_LK si_LK ta_IN": "LK",
    "pakistani": "PK MV", "persian": "IR AF",
    "arabic_gulf": "SA AE QA KW BH OM YE", "arabic_mashriq": "JO LB SY IQ EG SD LY",
    "arabic_maghreb": "MA DZ TN MR", "hebrew": "IL",
    "west_african": "SN ML GN BF NE CI TG BJ TD GM SL LR", "central_african": "CM GA CG CD CF BI RW",
    "en_NG yo_NG ig_NG ha_NG": "NG", "tw_GH": "GH", "en_KE": "KE UG SS ZM MW ZW", "sw": "TZ",
    "zu_ZA en_GB": "ZA", "zu_ZA": "SZ LS BW NA", "ethiopian": "ET ER", "somali": "SO DJ KM",
    "malagasy": "MG", "en_IN fr_FR": "MU", "pacific": "FJ PG TO WS NR MH",
}
for _keys, _codes in _GROUPS.items():
    for _code in _codes.split():
        COUNTRY_SOURCES[_code] = tuple(_keys.split())

# Chinese, Korean and Vietnamese badges put the family name first (Wang Xiaohong).
FAMILY_FIRST = {"zh_CN", "zh_CN:latin", "ko_KR", "vi_VN"}
# Share of people known by one name only, where that is common.
ONE_NAME = {"ID": 0.3, "AF": 0.25}
# Singaporean Chinese surnames as Singapore spells them (Hokkien, Teochew, Cantonese).
SINGAPORE_SURNAMES = (
    "Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Chan", "Koh", "Teo", "Ang", "Yeo", "Tay",
    "Ho", "Low", "Toh", "Sim", "Chong", "Chia", "Leong", "Quek", "Yap", "Lau", "Khoo",
)
# Indic scripts where a final inherent vowel is silent (Hindi, Nepali, Bengali).
SCHWA_DELETING = {"hi_IN", "ne_NP", "bn_BD"}
# Locales whose names are in a script anyascii romanises well enough for a badge.
ALPHABETIC_SCRIPTS = {"ru_RU", "uk_UA", "bg_BG", "mk_MK", "el_GR", "ka_GE", "hy_AM"}
INDIC_SCRIPTS = {"hi_IN", "ne_NP", "bn_BD", "si_LK", "ta_IN"}
# People of these sources more often ask for halal meals.
HALAL_SOURCES = {
    "arabic_gulf", "arabic_mashriq", "arabic_maghreb", "persian", "pakistani", "somali", "west_african",
    "tr_TR", "id_ID", "malay", "uz_UZ", "uz_UZ:cyrillic", "az_AZ", "bn_BD", "albanian", "ha_NG",
}
