#!/usr/bin/env python3
"""Reproducible, stratified sampler for the ctlex development gold standard.

Draws sentences from three corpora under the data root (../shared/data):

* unsc-sample/   English Security Council speeches (speaker header skipped)
* ungdc/         UN General Debate speeches, sessions 70-79 only
* unv1-devset/   UNv1.0 devset, English and Russian sides, one line = one sentence;
                 the two languages never share a line number.

Each item is written as one JSON line with byte offsets into the source file
(UTF-8 bytes, end exclusive) and a blake3 hash of the span, so the gold file
can refer to the data without copying it.  The text of the sentence and of its
passage is written only to the scratch output (sample.jsonl and chunk files),
never into the repository.

Strata (the "stratum" field):

* seed:<theme>:core      the sentence matches the theme's core seed list
                         (suffix +ct when the passage has a terrorism word)
* seed:<theme>:broad     the sentence matches only the theme's broad seed list,
                         and its passage has a terrorism word (paraphrases)
* terror-noseed          terrorism word in the sentence, no core seed of any theme
* trap                   frame word used outside CT: no terrorism word anywhere
                         in the passage
* random                 plain random sentence
* supp:<theme>:strict+ct second round, drawn after the main sample (whose ids
                         it leaves unchanged) for themes that had fewer than
                         ~40 coded positives: narrower seed list in the
                         sentence, terrorism word in the passage

The seed lists below were written from the codebook scopes by the gold-standard
coder; they are deliberately broader than any lexicon term and are not taken
from the lexicons.

Usage:
    python3 validation/sample.py --data ../shared/data --out /tmp/ctlex-gold/sample.jsonl
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from pathlib import Path

import blake3

SEED = 20261207
CHUNK_SIZE = 60

# ---------------------------------------------------------------------------
# Seed lists (coder's own, from the codebook scopes).  Entries written in
# capitals only are acronyms: matched case-sensitively with word boundaries.
# Other entries are case-insensitive regex fragments matched at a word start.
# ---------------------------------------------------------------------------

THEMES = [
    "afghanistan", "cells", "crime_nexus", "financing", "ftf", "human_rights",
    "law_enforcement", "prevention", "propaganda_online", "regional_orgs",
    "un_framework", "weapons",
]

TERROR = {
    "en": [r"terror", r"counter-?terror", r"anti-?terror", r"extremis", r"ISIL", r"ISIS",
           r"Da.?esh", r"Al[- ]?Qa.?ida", r"Qaeda", r"Taliban", r"Shabaab", r"Shabab",
           r"Boko Haram", r"Nusra", r"jihadi", r"suicide bomb", r"radicali[sz]", r"Hay.?at Tahrir",
           r"Islamic State", r"Daesh", r"Al-Nusra", r"Abu Sayyaf", r"Lashkar", r"Jaish"],
    "ru": [r"террор", r"контртеррор", r"антитеррор", r"экстремис", r"ИГИЛ", r"ИГИШ",
           r"ДАИШ", r"Даиш", r"аль-Каид", r"Аль-Каид", r"талиб", r"Талибан", r"Шабаа?б",
           r"Боко Харам", r"Нуср", r"джихад", r"боевик", r"радикализ", r"Исламское государство"],
}

SEEDS = {
    "en": {
        "afghanistan": (
            [r"afghan", r"kabul", r"taliban", r"UNAMA", r"opium", r"opiat", r"heroin", r"khorasan",
             r"haqqani", r"TTP", r"kandahar", r"helmand", r"herat", r"mazar", r"poppy", r"paris pact",
             r"islamic emirate", r"jalalabad", r"kunduz", r"doha agreement"],
            [r"central asia", r"south asia", r"pashtun", r"durand", r"drug route", r"northern route",
             r"balkan route", r"narcotics", r"pakistan", r"tajik", r"uzbek", r"turkmen", r"moscow format",
             r"neighbouring countr", r"heart of asia", r"istanbul process"],
        ),
        "cells": (
            [r"cells?\b", r"networks?\b", r"safe haven", r"sanctuar", r"hideout", r"stronghold",
             r"training camp", r"affiliate", r"branch", r"provinces?\b", r"splinter",
             r"terrorist infrastructure", r"foothold", r"sleeper", r"franchise"],
            [r"haven", r"bases?\b", r"camps?\b", r"infrastructure", r"enclave", r"territor", r"hub",
             r"nest", r"lair", r"underground", r"wing\b", r"faction", r"remnants", r"pockets? of",
             r"operating from", r"hiding", r"hotbed", r"breeding ground", r"presence", r"regroup",
             r"resurg", r"spread", r"expan"],
        ),
        "crime_nexus": (
            [r"organi[sz]ed crime", r"traffick", r"smuggl", r"kidnap", r"extortion", r"ransom",
             r"illegal mining", r"cultural property", r"antiquit", r"contraband", r"drugs?\b",
             r"narco", r"illicit trade", r"transnational crime", r"crime-terror", r"nexus"],
            [r"crim", r"illicit", r"illegal", r"abduct", r"hostage", r"extort", r"loot", r"artefact",
             r"artifact", r"cultural heritage", r"narcotic", r"pira", r"oil sales", r"black market",
             r"mining", r"charcoal", r"poach", r"wildlife", r"gangs?\b", r"cartel", r"mafia",
             r"trade in", r"sale of", r"plunder", r"pillag"],
        ),
        "financing": (
            [r"financ", r"money laundering", r"laundering", r"FATF", r"financial intelligence",
             r"freez", r"frozen", r"assets?\b", r"crowdfund", r"virtual asset", r"crypto", r"hawala",
             r"remittance", r"cash courier", r"non-profit", r"nonprofit", r"charit", r"ransom",
             r"sponsor", r"funding", r"funds?\b", r"funnel"],
            [r"fund", r"money", r"monie", r"bank", r"bitcoin", r"donat", r"cash", r"courier",
             r"resources", r"revenue", r"income", r"proceeds", r"tax", r"budget", r"payment",
             r"wealth", r"oil", r"economic", r"financial", r"profit", r"supply", r"support"],
        ),
        "ftf": (
            [r"foreign terrorist fighter", r"foreign fighter", r"FTFs?", r"returnee", r"returning",
             r"relocat", r"travel", r"repatriat", r"al-?Hol", r"Roj\b", r"watch ?list", r"API\b",
             r"PNR", r"passenger", r"fighters?\b"],
            [r"foreign", r"return", r"camps?\b", r"detention", r"detain", r"border", r"transit",
             r"migra", r"mercenar", r"volunteer", r"jihadist", r"combatant", r"flow", r"influx",
             r"recruits", r"thousands of", r"nationals", r"citizens", r"famil", r"wives", r"children of",
             r"prison", r"escape", r"move", r"movement"],
        ),
        "human_rights": (
            [r"human rights", r"rule of law", r"humanitarian law", r"refugee law", r"fair trial",
             r"due process", r"tortur", r"arbitrary detention", r"civic space",
             r"freedom of (expression|religion|speech|belief|assembly|association)", r"victims?\b",
             r"survivor", r"gender", r"women", r"children", r"fundamental freedoms"],
            [r"rights?\b", r"law\b", r"laws\b", r"legal", r"justice", r"humanitarian", r"refugee",
             r"trial", r"detention", r"detain", r"freedom", r"libert", r"civil society", r"civic",
             r"surviv", r"woman", r"girls?\b", r"child", r"minorit", r"dignity", r"discriminat",
             r"abuse", r"violation", r"accountab", r"impunity", r"atrocit", r"civilians?\b",
             r"genocide", r"sexual", r"displaced", r"protection"],
        ),
        "law_enforcement": (
            [r"law enforcement", r"police", r"policing", r"intelligence", r"security services?",
             r"special services?", r"armed forces", r"security forces", r"counter-?terrorist operation",
             r"criminal justice", r"prosecut", r"extradit", r"mutual legal assistance",
             r"joint investigation", r"border control", r"border management", r"customs",
             r"biometric", r"evidence", r"information sharing", r"sharing of information",
             r"exchange of information", r"military operation"],
            [r"enforcement", r"polic", r"security (agenc|sector|apparatus|institution)", r"army",
             r"armies", r"military", r"troops", r"soldier", r"operations?\b", r"court", r"judicia",
             r"judge", r"criminal", r"investigat", r"arrest", r"detain", r"captur", r"border",
             r"forces", r"coalition", r"air ?strike", r"campaign against", r"defeat", r"dismantl",
             r"neutrali[sz]", r"bring .{0,20}to justice", r"cooperation", r"coordinat", r"surveillance",
             r"airport", r"aviation security", r"punish", r"sentenc", r"convict", r"trial"],
        ),
        "prevention": (
            [r"prevent", r"countering violent extremism", r"violent extremism", r"PVE", r"CVE",
             r"root causes", r"conditions conducive", r"deradicali", r"de-radicali", r"disengag",
             r"rehabilit", r"reintegrat", r"education", r"youth", r"resilien", r"dialogue",
             r"interfaith", r"inter-?religious", r"inter-?cultural"],
            [r"root", r"underlying", r"drivers", r"conducive", r"reinsert", r"school", r"young",
             r"communit", r"tolerance", r"intoleran", r"moderat", r"alliance of civilizations",
             r"poverty", r"marginali", r"exclusion", r"unemploy", r"grievance", r"despair",
             r"hopeless", r"inclusi", r"social cohesion", r"peaceful coexistence", r"culture of peace",
             r"understanding", r"respect for", r"religio", r"faith", r"teach", r"opportunit",
             r"long-term", r"comprehensive approach", r"whole-of-society", r"early warning"],
        ),
        "propaganda_online": (
            [r"propaganda", r"ideolog", r"narrative", r"recruit", r"incite", r"incitement",
             r"glorif", r"radicali[sz]", r"internet", r"social media", r"online", r"ICTs?",
             r"information and communication(s)? technolog", r"dark web", r"cyber"],
            [r"message", r"apolog", r"radical", r"hate speech", r"hatred", r"media", r"digital",
             r"website", r"platform", r"video", r"content", r"disinformation", r"misinformation",
             r"twitter", r"facebook", r"telegram", r"encrypted", r"spread", r"idea", r"belief",
             r"worldview", r"indoctrinat", r"brainwash", r"lure", r"attract", r"appeal", r"twisted",
             r"distort", r"pervert", r"manipulat", r"technolog", r"virtual", r"messaging"],
        ),
        "regional_orgs": (
            [r"CSTO", r"SCO", r"Shanghai Cooperation", r"RATS", r"CIS", r"Commonwealth of Independent",
             r"African Union", r"AU", r"OSCE", r"ASEAN", r"League of Arab States", r"Arab League",
             r"OIC", r"Organi[sz]ation of Islamic Cooperation", r"ECOWAS", r"IGAD", r"G5 Sahel",
             r"G-5 Sahel", r"Chapter VIII", r"regional organi[sz]ation", r"subregional organi[sz]ation",
             r"regional and subregional"],
            [r"regional", r"subregional", r"sub-regional", r"Organi[sz]ation of American States", r"OAS",
             r"SAARC", r"SICA", r"CARICOM", r"Pacific Islands Forum", r"NATO", r"AMISOM", r"ATMIS",
             r"Council of Europe", r"GCC", r"Gulf Cooperation", r"SADC", r"EAC", r"ECCAS", r"union\b",
             r"Collective Security", r"Sahel", r"Lake Chad", r"Multinational Joint Task Force",
             r"MNJTF", r"Nouakchott", r"Djibouti Process", r"Aqaba"],
        ),
        "un_framework": (
            [r"Global Counter-?Terrorism Strategy", r"resolutions? \d{3,4}", r"Counter-?Terrorism Committee",
             r"CTED", r"CTC", r"Office of Counter-?Terrorism", r"UNOCT", r"UNCCT", r"UNODC", r"UNRCCA",
             r"sanctions", r"Monitoring Team", r"Ombudsperson", r"comprehensive convention",
             r"Charter", r"international law", r"all its forms and manifestations"],
            [r"United Nations", r"UN", r"resolution", r"convention", r"strategy", r"sanction",
             r"committee", r"Security Council", r"General Assembly", r"Secretary-General", r"treaty",
             r"treaties", r"protocol", r"multilateral", r"legal framework", r"obligations",
             r"instruments", r"Compact", r"Coordination", r"Special Rapporteur", r"Ombudsperson",
             r"1267", r"listing", r"designat", r"mandate", r"Assembly"],
        ),
        "weapons": (
            [r"small arms", r"light weapons", r"SALW", r"firearm", r"ammunition", r"explosive",
             r"IEDs?", r"improvised explosive", r"MANPADS", r"drones?\b", r"UAVs?", r"chemical weapon",
             r"biological weapon", r"nuclear", r"radiological", r"weapons of mass destruction",
             r"WMDs?", r"arms embargo", r"marking and tracing", r"1540"],
            [r"weapon", r"arms\b", r"armament", r"gun", r"rifle", r"munition", r"bomb", r"devices?\b",
             r"missile", r"rocket", r"unmanned", r"chemical", r"biological", r"CBRN", r"embargo",
             r"mines?\b", r"grenade", r"arsenal", r"stockpile", r"materials?\b", r"toxic", r"sarin",
             r"chlorine", r"mustard", r"dirty bomb", r"fissile", r"uranium", r"plutonium", r"truck",
             r"vehicle", r"attack", r"disarm", r"non-?proliferation", r"ATT"],
        ),
    },
    "ru": {
        "afghanistan": (
            [r"афган", r"кабул", r"талиб", r"МООНСА", r"опи(ум|ат|оид)", r"героин", r"хорасан", r"хаккани",
             r"мак(а|ов|овой|овый|ового)\b", r"парижск\w* пакт", r"исламск\w* эмират", r"кандагар",
             r"гильменд", r"герат"],
            [r"центральн\w* ази", r"южн\w* ази", r"пакистан", r"таджик", r"узбек", r"туркмен",
             r"наркотрафик", r"наркотик", r"московск\w* формат", r"северн\w* маршрут",
             r"балканск\w* маршрут", r"сосед"],
        ),
        "cells": (
            [r"ячейк", r"сет(ь|и|ей|ям|ями|ях)\b", r"убежищ", r"логов", r"тренировочн", r"опорн",
             r"филиал", r"ответвлен", r"провинци", r"отколовш", r"террористическ\w* инфраструктур",
             r"оплот", r"спящ"],
            [r"лагер", r"баз(а|ы|е|у|ой|ами|ах)\b", r"инфраструктур", r"подполь", r"очаг", r"территори",
             r"плацдарм", r"структур", r"крыл", r"группировк", r"остатк", r"присутстви", r"укрыт",
             r"прячут", r"распростран", r"расшир", r"перегруппир", r"возрожд", r"анклав", r"центр"],
        ),
        "crime_nexus": (
            [r"организованн\w* преступн", r"транснациональн\w* преступн", r"незаконн\w* оборот",
             r"торговл\w* (людьми|оружием|наркотиками|культурными)", r"контрабанд", r"похищени",
             r"вымогательств", r"выкуп", r"культурн\w* ценност", r"незаконн\w* добыч", r"наркотик",
             r"трафик", r"незаконн\w* ввоз", r"торговц\w* людьми", r"связ\w* между терроризмом"],
            [r"преступн", r"криминал", r"незаконн", r"похищ", r"заложник", r"вымогат", r"наркот",
             r"оборот", r"мародер", r"мародёр", r"грабеж", r"пират", r"браконь", r"разграблен",
             r"артефакт", r"древност", r"нефт", r"картел", r"мафи", r"банд", r"черн\w* рын"],
        ),
        "financing": (
            [r"финансир", r"отмывани", r"отмыв", r"ФАТФ", r"ГАФИ", r"финансов\w* разведк", r"заморажив",
             r"заморо", r"актив", r"краудфандинг", r"виртуальн\w* (актив|валют)", r"криптовалют",
             r"хавал", r"денежн\w* перевод", r"курьер", r"некоммерческ", r"благотворит", r"выкуп",
             r"спонсор", r"средств\w* для террор"],
            [r"финанс", r"фонд", r"денег", r"деньг", r"денежн", r"средств", r"банк", r"крипто",
             r"пожертв", r"доход", r"ресурс", r"бюджет", r"налог", r"капитал", r"платеж", r"поступлени",
             r"прибыл", r"нефт", r"экономическ", r"поддержк", r"снабжен"],
        ),
        "ftf": (
            [r"иностранн\w* боевик", r"иностранн\w* террорист", r"боевиков-террористов",
             r"ИБТ", r"ИТБ", r"возвращ", r"перемещ", r"выезд", r"поездк", r"репатриац", r"аль-Хол",
             r"списк\w* (наблюдени|лиц)", r"пассажир", r"боевик"],
            [r"наемник", r"наёмник", r"иностранн", r"въезд", r"возвра", r"репатри", r"транзит",
             r"лагер", r"границ", r"мигра", r"беженц", r"поток", r"прибыва", r"граждан", r"семь",
             r"жен\b", r"тюрьм", r"побег", r"передвижени", r"передвига", r"задержан", r"комбатант"],
        ),
        "human_rights": (
            [r"прав\w* человека", r"верховенств\w* права", r"гуманитарн\w* прав", r"беженск\w* прав",
             r"справедлив\w* (судебн|суд)", r"надлежащ\w* (процесс|правов|судеб)", r"пыт(ок|ки|ка|кам|ками)\b",
             r"произвольн\w* (задержан|арест)", r"свобод", r"жертв", r"пострадавш", r"гендер",
             r"женщин", r"дет(и|ей|ям|ьми|ях)\b", r"основн\w* свобод"],
            [r"прав(о|а|у|ом|ах|ам|ами)?\b", r"закон", r"правосуди", r"гуманитарн", r"беженц", r"суд",
             r"пыт", r"задерж", r"граждан\w* обществ", r"выживш", r"девоч", r"девушк", r"ребен",
             r"ребён", r"несовершеннолетн", r"меньшинств", r"достоинств", r"дискримин", r"нарушени",
             r"подотчетн", r"безнаказанн", r"зверств", r"мирн\w* (жител|населени)", r"геноцид",
             r"сексуальн", r"перемещенн", r"защит"],
        ),
        "law_enforcement": (
            [r"правоохранит", r"полици", r"разведк", r"спецслужб", r"специальн\w* служб",
             r"вооруженн\w* сил", r"вооружённ\w* сил", r"сил\w* безопасности",
             r"контртеррористическ\w* операц", r"уголовн\w* правосуди", r"уголовн\w* преследован",
             r"выдач\w* (преступник|лиц)", r"экстрадиц", r"правов\w* помощ", r"совместн\w* расследован",
             r"пограничн", r"таможен", r"биометри", r"доказательств", r"обмен\w* информаци",
             r"военн\w* операц"],
            [r"полиц", r"правоохран", r"служб", r"силы\b", r"сил\b", r"армия", r"арми", r"военн",
             r"войск", r"операци", r"преследован", r"суд", r"юстиц", r"уголовн", r"расследов", r"арест",
             r"задерж", r"экстради", r"границ", r"доказат", r"сотрудничеств", r"координац",
             r"наблюдени", r"аэропорт", r"авиационн\w* безопасност", r"наказ", r"приговор",
             r"осужд", r"ликвидац", r"уничтожен", r"обезвре"],
        ),
        "prevention": (
            [r"предупрежд", r"предотвращ", r"профилактик", r"насильственн\w* экстремизм",
             r"коренн\w* причин", r"глубинн\w* причин", r"услови\w*,? способствующ", r"дерадикализ",
             r"реабилит", r"реинтеграц", r"образован", r"молодеж", r"молодёж", r"устойчив", r"диалог",
             r"межконфессиональн", r"межрелигиозн", r"межкультурн"],
            [r"причин", r"способству", r"реинтегр", r"школ", r"молод", r"терпимост", r"толерантн",
             r"нетерпимост", r"умерен", r"нищет", r"бедност", r"маргинализ", r"безработ", r"отчужд",
             r"общин", r"просвещ", r"воспитан", r"социальн\w* сплоченн", r"мирн\w* сосуществован",
             r"культур\w* мира", r"взаимопониман", r"уважени", r"религи", r"вер(а|ы|е|у|ой)\b",
             r"обучени", r"возможност", r"долгосрочн", r"всеобъемлющ\w* подход", r"раннего предупреждения"],
        ),
        "propaganda_online": (
            [r"пропаганд", r"идеолог", r"нарратив", r"вербов", r"подстрекат", r"подстрекательств",
             r"оправдани\w* террор", r"героизац", r"радикализ", r"интернет", r"социальн\w* сет",
             r"онлайн", r"ИКТ", r"информационно-коммуникационн", r"даркнет", r"киберпр"],
            [r"информаци", r"сообщени", r"медиа", r"СМИ", r"средств\w* массовой", r"цифров", r"кибер",
             r"сайт", r"платформ", r"видео", r"контент", r"дезинформац", r"ненавист", r"призыв",
             r"вовлечен", r"идей", r"иде(я|и|ю)\b", r"убеждени", r"мировоззрен", r"обработк",
             r"привлека", r"извращ", r"искаж", r"манипул", r"технологи", r"виртуальн"],
        ),
        "regional_orgs": (
            [r"ОДКБ", r"ШОС", r"Шанхайск", r"РАТС", r"СНГ", r"Содружеств\w* Независимых",
             r"Африканск\w* союз", r"АС", r"ОБСЕ", r"АСЕАН", r"Лиг\w* арабских", r"ЛАГ", r"ОИС",
             r"Организаци\w* исламского сотрудничества", r"ЭКОВАС", r"ИГАД", r"Сахельск\w* пятерк",
             r"Г5", r"главой VIII", r"главы VIII", r"регионал\w* организац", r"субрегиональн\w* организац",
             r"региональн\w* и субрегиональн"],
            [r"региональн", r"субрегиональн", r"НАТО", r"ОАГ", r"СААРК", r"СЕЛАК", r"КАРИКОМ",
             r"Организаци\w* американских государств", r"союз", r"Совет\w* Европы", r"ССАГПЗ",
             r"Сахел", r"озера Чад", r"Многонациональн\w* совместн", r"АМИСОМ", r"ЕврАзЭС", r"ЕАЭС",
             r"Карибск", r"Тихоокеанск"],
        ),
        "un_framework": (
            [r"Глобальн\w* контртеррористическ\w* стратеги", r"резолюци\w* \d{3,4}",
             r"Контртеррористическ\w* комитет", r"КТК", r"ИДКТК", r"Управлени\w* по контртеррор",
             r"Контртеррористическ\w* центр", r"ЮНОДК", r"УНП ООН", r"РЦПДЦА", r"санкци",
             r"Групп\w* по наблюдению", r"Омбудсмен", r"всеобъемлющ\w* конвенци", r"Устав",
             r"международн\w* прав", r"во всех (его )?формах и проявлениях"],
            [r"Организаци\w* Объединенных Наций", r"Организаци\w* Объединённых Наций", r"ООН",
             r"резолюци", r"конвенци", r"стратеги", r"комитет", r"Совет\w* Безопасности",
             r"Генеральн\w* Ассамбле", r"Генеральн\w* секретар", r"договор", r"протокол",
             r"многосторонн", r"правов\w* баз", r"обязательств", r"документ", r"мандат",
             r"перечн", r"включени\w* в (санкционн|перечень)", r"Ассамбле", r"Специальн\w* докладчик"],
        ),
        "weapons": (
            [r"стрелков\w* оружи", r"легк\w* вооружени", r"лёгк\w* вооружени", r"огнестрельн",
             r"боеприпас", r"взрывчат", r"взрывн\w* устройств", r"СВУ", r"ПЗРК", r"беспилотн",
             r"химическ\w* оружи", r"биологическ\w* оружи", r"ядерн", r"радиологическ",
             r"оружи\w* массового уничтожения", r"ОМУ", r"эмбарго", r"маркировк", r"отслеживани",
             r"1540"],
            [r"оружи", r"вооружени", r"взрыв", r"бомб", r"ракет", r"дрон", r"химическ",
             r"биологическ", r"радиолог", r"ХБРЯ", r"мин(ы|а|ами|ах)\b", r"гранат", r"арсенал", r"запас",
             r"материал", r"токсич", r"зарин", r"хлор", r"иприт", r"расщепляющ", r"уран", r"плутони",
             r"разоружен", r"нераспространени", r"ДТО", r"нападени", r"атак"],
        ),
    },
}

# Trap frame words: things that look like CT framing but are used elsewhere.
TRAP = {
    "en": [r"human rights", r"Charter", r"international law", r"armed forces", r"security forces",
           r"regional organi[sz]ation", r"African Union", r"OSCE", r"Afghan", r"cells?\b", r"networks?\b",
           r"financing", r"funding", r"sanctions", r"resolution \d{3,4}", r"ideolog", r"recruit",
           r"propaganda", r"education", r"youth", r"police", r"intelligence", r"border", r"weapon",
           r"nuclear", r"traffick", r"smuggl", r"rule of law", r"victims", r"prevent", r"dialogue",
           r"camps?\b", r"fighters?\b", r"assets", r"online", r"internet", r"drugs?\b"],
    "ru": [r"прав\w* человека", r"Устав", r"международн\w* прав", r"вооруженн\w* сил", r"сил\w* безопасности",
           r"региональн\w* организац", r"Африканск\w* союз", r"ОБСЕ", r"афган", r"ячейк", r"сет(ь|и|ей)\b",
           r"финансир", r"санкци", r"резолюци\w* \d{3,4}", r"идеолог", r"вербов", r"набор", r"пропаганд",
           r"образован", r"молодеж", r"полици", r"разведк", r"границ", r"оружи", r"ядерн", r"торговл\w* людьми",
           r"контрабанд", r"верховенств\w* права", r"жертв", r"предотвращ", r"диалог", r"лагер",
           r"актив", r"интернет", r"наркотик"],
}

# Second-round supplement: narrower seed lists for themes that fell short of
# ~40 coded positives in the main English sample.
SUPPLEMENT = {"en": [("cells", 18), ("ftf", 18)], "ru": []}
SUPP_SEEDS = {
    "en": {
        "cells": [r"sleeper cells?", r"terrorist cells?", r"cells? of", r"safe havens?", r"havens?\b", r"sanctuar",
                  r"hide-?outs?", r"training camps?", r"affiliat", r"strongholds?", r"terrorist networks?",
                  r"splinter", r"terrorist infrastructure", r"breeding grounds?", r"footholds?", r"enclaves?"],
        "ftf": [r"foreign terrorist fighters?", r"foreign fighters?", r"FTFs?", r"returnees?", r"returning",
                r"relocat", r"travel", r"al-?Hol", r"repatriat", r"fighters?\b", r"mercenar", r"influx", r"flows? of"],
    },
}

ABBREV = {
    "mr.", "mrs.", "ms.", "dr.", "no.", "nos.", "para.", "paras.", "art.", "arts.", "e.g.", "i.e.",
    "u.s.", "st.", "s/pv.", "a/res.", "vs.", "cf.", "p.", "pp.", "vol.", "jr.", "sr.", "messrs.",
    "h.e.", "prof.", "gen.", "amb.", "fig.", "ch.", "sect.", "u.n.", "u.k.", "mt.", "ft.", "approx.",
    "rev.", "corr.", "add.", "res.", "op.", "sess.", "suppl.",
}

HEADER_RE = re.compile(
    r"^(?:The [A-Z][\w'\-]*(?: [A-Za-z][\w'\-]*)*|"
    r"(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Baroness|Baron|Archbishop|Prince|Princess|Sheikh|Sheikha|"
    r"Cardinal|Monsignor|Judge|General|Count|Mme|Miss|King|Queen|President|Major|Bishop|Rabbi|Father|"
    r"Lady|Madam|Mr\.|Ms\.|Mrs\.)\b[^:]{0,200}?)"
    r"(?: ?\([^)]*\))*$"
)


def compile_list(entries):
    """Return (case-insensitive regex, case-sensitive acronym regex) or None parts."""
    ci, cs = [], []
    for e in entries:
        plain = re.sub(r"[\\?]|\w\*|\(.*?\)", "", e)
        if re.fullmatch(r"[A-ZА-ЯЁ0-9\- ]+", plain) and any(ch.isalpha() for ch in plain) and plain == plain.upper():
            cs.append(e)
        else:
            ci.append(e)
    rci = re.compile(r"(?<![\w])(?:" + "|".join(ci) + ")", re.I) if ci else None
    rcs = re.compile(r"(?<![\w])(?:" + "|".join(cs) + r")(?![\w])") if cs else None
    return rci, rcs


def matcher(entries):
    rci, rcs = compile_list(entries)

    def m(text):
        return bool((rci and rci.search(text)) or (rcs and rcs.search(text)))
    return m


def norm(s: str) -> str:
    """Text for matching/reading: undo line-break hyphenation, collapse whitespace."""
    s = re.sub(r"(\w)-[ \t]*\r?\n\s*([a-zа-яё])", r"\1\2", s)
    return re.sub(r"\s+", " ", s).strip()


# ---------------------------------------------------------------------------
# Splitting
# ---------------------------------------------------------------------------

BOUND_RE = re.compile(r"[.!?]+[\"”’'»)\]]*(?=\s+[\"“‘'«(\[]?[A-ZА-ЯЁ0-9])")


def split_sentences(text: str, a: int, b: int):
    """Yield (start, end) char spans of sentences inside text[a:b]."""
    cur = a
    seg = text[a:b]
    for m in BOUND_RE.finditer(seg):
        dot = a + m.start()
        if text[dot] == ".":
            # token before the period
            j = dot
            while j > a and not text[j - 1].isspace():
                j -= 1
            tok = text[j:dot + 1].lower().lstrip("(\"'“‘[")
            if tok in ABBREV or re.fullmatch(r"[a-zа-яё]\.", tok) or re.fullmatch(r"(?:[a-z]\.){2,}", tok):
                continue
        end = a + m.end()
        yield from _trim(text, cur, end)
        cur = end
    yield from _trim(text, cur, b)


def _trim(text, s, e):
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        yield (s, e)


def header_end(text: str) -> int:
    """Char offset where the speech starts (after the speaker header), 0 if none."""
    m = re.search(r":\s", text[:400])
    if not m:
        return 0
    prefix = re.sub(r"\s+", " ", text[:m.start()]).strip()
    if len(prefix) <= 250 and HEADER_RE.match(prefix):
        e = m.end()
        while e < len(text) and text[e] in " \t":
            e += 1
        return e
    return 0


def paragraphs(text: str, start: int = 0):
    """Yield (start, end) char spans of paragraphs: blank-line-separated blocks;
    in blocks of long unwrapped lines, each line is a paragraph."""
    lines = []
    pos = 0
    for ln in text.splitlines(keepends=True):
        lines.append((pos, pos + len(ln.rstrip("\r\n"))))
        pos += len(ln)
    block = []

    def flush(block):
        if not block:
            return
        longest = max(e - s for s, e in block)
        if longest > 250:
            for s, e in block:
                yield (s, e)
        else:
            yield (block[0][0], block[-1][1])

    for s, e in lines:
        if e <= start:
            continue
        s = max(s, start)
        if text[s:e].strip() == "":
            yield from flush(block)
            block = []
        else:
            block.append((s, e))
    yield from flush(block)


# ---------------------------------------------------------------------------
# Corpus reading
# ---------------------------------------------------------------------------

class Sent:
    __slots__ = ("lang", "file", "cs", "ce", "ps", "pe", "text", "ptext", "src", "line", "fidx")


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="surrogateescape")


def prose_sentences(root: Path, rel: str, src: str, skip_header: bool):
    text = read_text(root / rel)
    st = header_end(text) if skip_header else 0
    out = []
    for ps, pe in paragraphs(text, st):
        sents = list(split_sentences(text, ps, pe))
        long_par = (pe - ps) > 3000
        for i, (cs, ce) in enumerate(sents):
            s = Sent()
            s.lang, s.file, s.cs, s.ce, s.src, s.line = "en", rel, cs, ce, src, None
            if long_par:
                s.ps = sents[max(0, i - 2)][0]
                s.pe = sents[min(len(sents) - 1, i + 2)][1]
            else:
                s.ps, s.pe = ps, pe
            s.text = norm(text[cs:ce])
            s.ptext = None
            out.append(s)
    return text, out


def byte_off(text: str, i: int) -> int:
    return len(text[:i].encode("utf-8", errors="surrogateescape"))


def usable(s: Sent) -> bool:
    n = len(s.text.split())
    return 4 <= n <= 120 and len(s.text) <= 1500 and re.search(r"[A-Za-zА-Яа-яЁё]{3}", s.text) is not None


def load(root: Path):
    texts = {}
    pools = {"en": {"unsc": [], "ungdc": [], "devset": []}, "ru": {"devset": []}}
    # UNSC
    for p in sorted((root / "unsc-sample").rglob("*.txt")):
        rel = p.relative_to(root).as_posix()
        text, sents = prose_sentences(root, rel, "unsc", True)
        texts[rel] = text
        pools["en"]["unsc"].extend(sents)
    # UNGDC 70-79
    for d in sorted((root / "ungdc").iterdir()):
        m = re.match(r"Session (\d+) - \d{4}$", d.name)
        if not m or not (70 <= int(m.group(1)) <= 79):
            continue
        for p in sorted(d.glob("*.txt")):
            rel = p.relative_to(root).as_posix()
            text, sents = prose_sentences(root, rel, "ungdc", False)
            texts[rel] = text
            pools["en"]["ungdc"].extend(sents)
    # devset
    ids = (root / "unv1-devset" / "UNv1.0.devset.ids").read_text(encoding="utf-8").splitlines()
    docs = [ln.split(" ")[0] for ln in ids]
    for lang in ("en", "ru"):
        rel = f"unv1-devset/UNv1.0.devset.{lang}"
        text = read_text(root / rel)
        texts[rel] = text
        spans = []
        pos = 0
        for ln in text.splitlines(keepends=True):
            body = ln.rstrip("\r\n")
            spans.append((pos, pos + len(body)))
            pos += len(ln)
        for i, (a, b) in enumerate(spans):
            s = Sent()
            s.lang, s.file, s.src, s.line = lang, rel, "devset", i
            s.cs, s.ce = a, b
            pa = spans[i - 1][0] if i > 0 and docs[i - 1] == docs[i] else a
            pb = spans[i + 1][1] if i + 1 < len(spans) and docs[i + 1] == docs[i] else b
            s.ps, s.pe = pa, pb
            s.text = norm(text[a:b])
            s.ptext = None
            pools[lang]["devset"].append(s)
    for lang in pools:
        for src in pools[lang]:
            pools[lang][src] = [s for s in pools[lang][src] if usable(s)]
    return texts, pools


# ---------------------------------------------------------------------------
# Sampling
# ---------------------------------------------------------------------------

EN_WEIGHTS = {"unsc": 0.35, "ungdc": 0.45, "devset": 0.20}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="data root (../shared/data)")
    ap.add_argument("--out", required=True, help="output JSONL (scratch, holds text)")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    root = Path(args.data)
    out = Path(args.out)
    rng = random.Random(args.seed)

    texts, pools = load(root)
    for lang in pools:
        for src, lst in pools[lang].items():
            print(f"pool {lang} {src}: {len(lst)} sentences", file=sys.stderr)

    terror = {l: matcher(TERROR[l]) for l in TERROR}
    core = {l: {t: matcher(SEEDS[l][t][0]) for t in THEMES} for l in SEEDS}
    broad = {l: {t: matcher(SEEDS[l][t][0] + SEEDS[l][t][1]) for t in THEMES} for l in SEEDS}
    trap = {l: matcher(TRAP[l]) for l in TRAP}

    # annotate
    for lang in pools:
        for src, lst in pools[lang].items():
            for s in lst:
                s.ptext = norm(texts[s.file][s.ps:s.pe])
                s.fidx = {
                    "terror_s": terror[lang](s.text),
                    "terror_p": terror[lang](s.ptext),
                    "core": {t for t in THEMES if core[lang][t](s.text)},
                }
                s.fidx["broad"] = {t for t in THEMES if t not in s.fidx["core"] and broad[lang][t](s.text)}
                s.fidx["trap"] = trap[lang](s.text)

    chosen = {"en": [], "ru": []}
    used = set()
    ru_lines = set()

    def take(lang, cands_by_src, n, stratum, weights):
        cands_by_src = {k: [s for s in v if (s.file, s.cs) not in used
                            and not (lang == "en" and s.src == "devset" and s.line in ru_lines)]
                        for k, v in cands_by_src.items()}
        for k in cands_by_src:
            rng.shuffle(cands_by_src[k])
        quota = {k: int(round(n * w)) for k, w in weights.items()}
        diff = n - sum(quota.values())
        first = max(weights, key=weights.get)
        quota[first] += diff
        got = []
        for k in weights:
            lst = cands_by_src.get(k, [])
            got.extend(lst[:quota[k]])
            cands_by_src[k] = lst[quota[k]:]
        rest = [s for k in weights for s in cands_by_src.get(k, [])]
        rng.shuffle(rest)
        got.extend(rest[: n - len(got)])
        for s in got:
            used.add((s.file, s.cs))
            if lang == "ru":
                ru_lines.add(s.line)
            chosen[lang].append((s, stratum))
        return len(got)

    def sel(lang, pred):
        return {k: [s for s in v if pred(s)] for k, v in pools[lang].items()}

    # Russian first: its line numbers are then excluded from the English devset.
    lang = "ru"
    w = {"devset": 1.0}
    for t in THEMES:
        a = take(lang, sel(lang, lambda s: t in s.fidx["core"] and s.fidx["terror_p"]), 14, f"seed:{t}:core+ct", w)
        b = take(lang, sel(lang, lambda s: t in s.fidx["core"] and not s.fidx["terror_p"]), 22 - a, f"seed:{t}:core", w)
        take(lang, sel(lang, lambda s: t in s.fidx["broad"] and s.fidx["terror_p"]), 26 - a - b, f"seed:{t}:broad", w)
    take(lang, sel(lang, lambda s: s.fidx["terror_s"] and not s.fidx["core"]), 30, "terror-noseed", w)
    take(lang, sel(lang, lambda s: s.fidx["trap"] and not s.fidx["terror_p"]), 30, "trap", w)
    n_ru = len(chosen["ru"])
    take(lang, sel(lang, lambda s: True), max(25, 340 - n_ru), "random", w)

    lang = "en"
    w = EN_WEIGHTS
    for t in THEMES:
        take(lang, sel(lang, lambda s: t in s.fidx["core"] and s.fidx["terror_p"]), 20, f"seed:{t}:core+ct", w)
        take(lang, sel(lang, lambda s: t in s.fidx["core"] and not s.fidx["terror_p"]), 10, f"seed:{t}:core", w)
        take(lang, sel(lang, lambda s: t in s.fidx["broad"] and s.fidx["terror_p"]), 14, f"seed:{t}:broad", w)
    take(lang, sel(lang, lambda s: s.fidx["terror_s"] and not s.fidx["core"]), 60, "terror-noseed", w)
    take(lang, sel(lang, lambda s: s.fidx["trap"] and not s.fidx["terror_p"]), 100, "trap", w)
    take(lang, sel(lang, lambda s: True), 80, "random", w)

    assert not ({s.line for s, _ in chosen["en"] if s.src == "devset"} & {s.line for s, _ in chosen["ru"]})

    out.parent.mkdir(parents=True, exist_ok=True)

    def make_item(lang, k, s, stratum):
        text = texts[s.file]
        span = text[s.cs:s.ce].encode("utf-8", errors="surrogateescape")
        return {
            "id": f"{lang}-{k:04d}", "language": lang, "file": s.file,
            "start": byte_off(text, s.cs), "end": byte_off(text, s.ce),
            "hash": blake3.blake3(span).hexdigest()[:16],
            "passage_start": byte_off(text, s.ps), "passage_end": byte_off(text, s.pe),
            "stratum": stratum,
            "text": s.text,
            "passage": norm(text[s.ps:s.cs]) + " \u27e6" + s.text + "\u27e7 " + norm(text[s.ce:s.pe]),
        }

    main_items = {}
    for lang in ("en", "ru"):
        lst = chosen[lang]
        rng.shuffle(lst)
        main_items[lang] = [make_item(lang, k, s, st) for k, (s, st) in enumerate(lst, 1)]

    # Supplement (second round, drawn after the main sample so that the main
    # sample and its ids stay unchanged): after coding, English `cells` and
    # `ftf` had fewer than ~40 positives, so more candidates are drawn for them
    # with narrower seed lists (still the coder's own, from the scopes).
    supp_items = {"en": [], "ru": []}
    n0 = len(chosen["en"])
    for t, n in SUPPLEMENT["en"]:
        m = matcher(SUPP_SEEDS["en"][t])
        take("en", sel("en", lambda s: m(s.text) and s.fidx["terror_p"]), n, f"supp:{t}:strict+ct", EN_WEIGHTS)
    extra = chosen["en"][n0:]
    rng.shuffle(extra)
    supp_items["en"] = [make_item("en", n0 + k, s, st) for k, (s, st) in enumerate(extra, 1)]
    assert not ({s.line for s, _ in chosen["en"] if s.src == "devset"} & {s.line for s, _ in chosen["ru"]})

    items = main_items["en"] + supp_items["en"] + main_items["ru"] + supp_items["ru"]
    with out.open("w", encoding="utf-8") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")

    # chunk files for reading (no stratum); the supplement starts a new chunk
    for lang in ("en", "ru"):
        batches = [main_items[lang][c:c + CHUNK_SIZE] for c in range(0, len(main_items[lang]), CHUNK_SIZE)]
        batches += [supp_items[lang][c:c + CHUNK_SIZE] for c in range(0, len(supp_items[lang]), CHUNK_SIZE)]
        for b, batch in enumerate(batches, 1):
            name = f"chunk-{lang}-{b:02d}.txt"
            with (out.parent / name).open("w", encoding="utf-8") as f:
                for it in batch:
                    p = it["passage"]
                    i = p.index("\u27e6")
                    j = p.index("\u27e7")
                    before = p[:i]
                    after = p[j + 1:]
                    if len(before) > 700:
                        before = "\u2026" + before[-700:]
                    if len(after) > 400:
                        after = after[:400] + "\u2026"
                    f.write(f"### {it['id']}  [{it['file']}]\n")
                    f.write(f"S: {it['text']}\n")
                    f.write(f"P: {before.strip()} \u27e6\u2026\u27e7 {after.strip()}\n\n")
    from collections import Counter
    c = Counter((it["language"], it["stratum"].split(":")[0] if not it["stratum"].startswith("seed")
                 else it["stratum"]) for it in items)
    for k in sorted(c):
        print(k[0], k[1], c[k], file=sys.stderr)
    print("items:", Counter(it["language"] for it in items), file=sys.stderr)


if __name__ == "__main__":
    main()
