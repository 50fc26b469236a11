"""Table-driven: bylines into names, datelines into place and agency, and the negatives."""

from __future__ import annotations

import pytest

from cleannews.extraction.byline import (
    credits_authors,
    is_date_line,
    is_organisation,
    is_person,
    parse_authors,
    split_dateline,
)

BYLINES = [
    ("By Lachlan Carmichael", ["Lachlan Carmichael"]),
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("By Ann Lee, Bob Stone & Carla Diaz", ["Ann Lee", "Bob Stone", "Carla Diaz"]),
    ("By Maria Ruiz, Staff Writer", ["Maria Ruiz"]),
    ("By Tom Baker, Senior Correspondent", ["Tom Baker"]),
    ("TOM KRISHER, AP Auto Writer", ["Tom Krisher"]),
    ("By DANICA KIRKA and JILL LAWLESS Associated Press", ["Danica Kirka", "Jill Lawless"]),
    ("Tom Davies Associated Press", ["Tom Davies"]),
    ("Meg Kinnard and Errin Haines, Associated Press", ["Meg Kinnard", "Errin Haines"]),
    ("Jill Disis, CNN Business", ["Jill Disis"]),
    ("Written by Rachael Link, MS, RD", ["Rachael Link"]),
    ("By Sam Park sam.park@example.com @sampark", ["Sam Park"]),
    ("By Eve Adams | Updated November 19, 2019 5:50 PM ET", ["Eve Adams"]),
    ("Published 10:01 pm PST, Tuesday, November 19, 2019 By Lee Chan", ["Lee Chan"]),
    ("By Ana Gómez y Luis Pérez", ["Ana Gómez", "Luis Pérez"]),
    ("Bruce Y. Lee", ["Bruce Y. Lee"]),
    ("Di Maio Luigi", ["Di Maio Luigi"]),
    ("Written by Ana Ruiz — Medically reviewed by Ben Cole, MD", ["Ana Ruiz"]),
    ("Medically reviewed by Ben Cole, MD — Written by Ana Ruiz", ["Ana Ruiz"]),
    # The other credit with no separator before it, or its label in an element of its own
    # (the byline's elements are its lines): the reviewer is not an author.
    ("By Shelby Loos, DVM . Reviewed by Molly Price, DVM", ["Shelby Loos"]),
    ("Ryan Carrigan Fact Checked by: Hilary Snow", ["Ryan Carrigan"]),
    ("By\nAna Ruiz, DVM\nReviewed by\nBen Cole, DVM", ["Ana Ruiz"]),
    ("Ana Ruiz\nFact Checked by:\nBen Cole", ["Ana Ruiz"]),
    # "by" in an element of its own: the credit is one line, whatever it credits.
    ("Written\nby\nAna Ruiz, CEPF®\n|\nEdited\nby\nBen Cole, CEPF®", ["Ana Ruiz"]),
    ("By\nAna Ruiz, DVM\n. Reviewed by\nBen Cole, DVM", ["Ana Ruiz"]),
    # A name joined by "and" to another's credit shares it.
    ("By Ana Ruiz\nPhotos by\nBen Cole\nand Bo Kim", ["Ana Ruiz"]),
    ("By Jo Smith\nTested by\nBo Kim\nand\nCy Lee", ["Jo Smith"]),
    ("Jo Smith Reviewed by Bo Kim and Cy Lee", ["Jo Smith"]),
    ("By Jo Smith and Al Roe\nPhotos by Bo Kim", ["Jo Smith", "Al Roe"]),
    ("Story by Jo Smith | Photos by Pat Lens", ["Jo Smith"]),
    ("By Jo Smith Fact-checked by Al Roe Tested by Bo Kim and Cy Lee", ["Jo Smith"]),
    ("Photo by Pat Lens", []),
    ("Posted on Maret 30, 2015 by Admin", []),  # a CMS account, not a credit
    ("By admin", []),
    ("NOC Admin", []),
    ("By webmaster2", []),
    ("di Marco Rossi", ["Marco Rossi"]),
    ("By Jo Smith and Jo Smith", ["Jo Smith"]),
    ("Rodrigo Campos\n5 Min Read", ["Rodrigo Campos"]),
    ("By Reuters", ["Reuters"]),
    ("By JERUSALEM POST STAFF", ["Jerusalem Post Staff"]),
    ("Reuters, Washington, Nov 20 2019", ["Reuters"]),
    ("Staff Reports", ["Staff Reports"]),
    ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),
    ("Kevin Johnson\nKevin McCoy\nUSA TODAY", ["Kevin Johnson", "Kevin McCoy"]),
    ("Text: Vera Orlova", ["Vera Orlova"]),
    ("by 山田太郎 ／ 2016.", ["山田太郎"]),
    # Bylines in other languages.
    ("Por María López", ["María López"]),
    ("Von Anna Schmidt und Jan Berg", ["Anna Schmidt", "Jan Berg"]),
    ("Par Jean Dupont", ["Jean Dupont"]),
    # "and" as each language writes it ("et" is no time zone: zones are capitals).
    ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
    ("Door Pieter de Vries en Jan Jansen", ["Pieter de Vries", "Jan Jansen"]),
    ("Av Lars Svensson och Anna Berg", ["Lars Svensson", "Anna Berg"]),
    ("Автор: Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"]),
    ("Yazar: Mehmet Yılmaz ve Ayşe Kaya", ["Mehmet Yılmaz", "Ayşe Kaya"]),
    ("بقلم أحمد علي و محمد حسن", ["أحمد علي", "محمد حسن"]),
    ("Por María López en Madrid", ["María López"]),
    ("Door Pieter de Vries", ["Pieter de Vries"]),
    ("Av Lars Svensson", ["Lars Svensson"]),
    ("Przez Jan Kowalski", ["Jan Kowalski"]),
    ("著者：山田太郎", ["山田太郎"]),
    ("山田太郎記者", ["山田太郎"]),
    ("홍길동 기자", ["홍길동"]),
    ("Auteur : Marie Dupont", ["Marie Dupont"]),
    ("Autore: Mario Rossi", ["Mario Rossi"]),
    ("Författare: Anna Svensson", ["Anna Svensson"]),
    ("Yazar: Ayşe Yılmaz", ["Ayşe Yılmaz"]),
    ("Penulis: Budi Santoso", ["Budi Santoso"]),
    # Author-box labels and titles are not names.
    ("Jane Roe\nFull Bio", ["Jane Roe"]),
    ("Jeff Hoyt\nExpert Verified\nLearn More", ["Jeff Hoyt"]),
    ("Read more about The Upwork Team", ["The Upwork Team"]),
    ("Kendall Breitman\nCommunity Expert", ["Kendall Breitman"]),
    ("Ahmet Serhan\nAuthor’s Profile", ["Ahmet Serhan"]),
    ("Liz Kenny, Former McKinsey Consultant", ["Liz Kenny"]),
    ("Lance Roe (Content Manager)", ["Lance Roe"]),  # a title in parentheses
    ("Ana Ruiz (Editor-in-Chief) and Bo Kim", ["Ana Ruiz", "Bo Kim"]),
    ("Jane Doe (AP)", ["Jane Doe"]),
    ("Jo Dev (Daniel)", ["Jo Dev (Daniel)"]),  # not a title: the bracket is the name's
    # What "and" joins to a title or an organisation is part of it.
    ("Written by Ana Ruiz,\nHead of Marketing and Community Development", ["Ana Ruiz"]),
    ("Matt Check\nHead Winemaker, Co-Founder", ["Matt Check"]),
    ("By: Ana Ruiz\nExecutive Digital Editor and Master Gardener", ["Ana Ruiz"]),
    ("Authors: Ana Ruiz and Bo Kim, Extension educators", ["Ana Ruiz", "Bo Kim"]),
    ("Ana Ruiz, Department of Health and Human Services", ["Ana Ruiz"]),
    ("Go From Overlooked To Overbooked", []),
    ("Vera Mendes, Example Health", ["Vera Mendes"]),
    ("", []),
    ("By", []),
    ("Updated 2 hours ago", []),
    ("Sat, 20 Dec, 2025 - 06:36", []),  # a weekday's short name is part of the date
    ("By Sam Lee | Wed. 3 Dec 2025", ["Sam Lee"]),
    # "on" and "at" left by a removed date go; in title case they are the name's own.
    ("By Sam Lee on December 3, 2025", ["Sam Lee"]),
    ("BY SAM LEE ON DECEMBER 3, 2025", ["Sam Lee"]),
    ("Written By Audio Shelf On", ["Audio Shelf On"]),
    ("By Sam Lee On 11/19/19 at 12:00 PM EST", ["Sam Lee"]),
    # What follows a name credited with other work is that person's title or employer.
    ("Reviewed by Jo Roe, Trial Attorney at Roe & Roe, on December 9, 2024.", []),
    ("Photos by Pat Lens, Example Images", []),
    ("By Ana Ruiz | Reviewed by Jo Roe, Licensed Inspector", ["Ana Ruiz"]),
    ("Reviewed by Jo Roe, MD\nBy Ana Ruiz", ["Ana Ruiz"]),
]


@pytest.mark.parametrize(("byline", "names"), BYLINES)
def test_parse_authors(byline: str, names: list[str]) -> None:
    assert parse_authors(byline) == names


@pytest.mark.parametrize(
    ("name", "person", "organisation"),
    [
        ("Jane Doe", True, False),
        ("Ludwig van Beethoven", True, False),
        ("Associated Press", False, True),
        ("CNN Business", False, True),
        ("The Water Coolest", False, True),
        ("Cleveland.com", False, True),
        ("admin", False, False),
    ],
)
def test_person_or_organisation(name: str, person: bool, organisation: bool) -> None:
    assert is_person(name) is person
    assert is_organisation(name) is organisation


DATELINES = [
    ("WASHINGTON (AFP) — The talks", "WASHINGTON (AFP)", "Washington", "AFP", "The talks"),
    ("LONDON, June 16 (Reuters) - Shares", "LONDON, June 16 (Reuters)", "London", "Reuters",
     "Shares"),
    ("PORTLAND, Ore. — A bridge", "PORTLAND, Ore.", "Portland, Ore.", None, "A bridge"),
    ("SÃO PAULO — Brazil's", "SÃO PAULO", "São Paulo", None, "Brazil's"),
    ("Washington, June 16 (AFP) - Talks", "Washington, June 16 (AFP)", "Washington", "AFP",
     "Talks"),
    ("(Reuters) - WeWork is", "(Reuters)", None, "Reuters", "WeWork is"),
    ("(CNN) President Trump", "(CNN)", None, "CNN", "President Trump"),
    ("(CNN)President Trump", "(CNN)", None, "CNN", "President Trump"),
    ("Hong Kong (CNN Business) A muddled view", "Hong Kong (CNN Business)", "Hong Kong",
     "CNN Business", "A muddled view"),
    ("ST. JOSEPH, Mich. (AP) — Health", "ST. JOSEPH, Mich. (AP)", "St. Joseph, Mich.", "AP",
     "Health"),
    ("BERLIN -- The agency", "BERLIN", "Berlin", None, "The agency"),
    ("NEW DELHI: Their dream", "NEW DELHI", "New Delhi", None, "Their dream"),
    ("Washington, DC, United States: Getting there", "Washington, DC, United States",
     "Washington, DC, United States", None, "Getting there"),
    ("Indianapolis – Teachers rallied", "Indianapolis", "Indianapolis", None, "Teachers rallied"),
    ("DUBAI, United Arab Emirates — Emirates", "DUBAI, United Arab Emirates",
     "Dubai, United Arab Emirates", None, "Emirates"),
    ("BAAR, SWITZERLAND", "BAAR, SWITZERLAND", "Baar, Switzerland", None, ""),
    ("( Reuters ) — Spaced by markup", "(Reuters)", None, "Reuters", "Spaced by markup"),
    ("Example.Net - Footage shows", "Example.Net", None, "Example.Net", "Footage shows"),
    # The agency in its own span, without parentheses (newer CNN pages).
    ("Washington CNN — The talks", "Washington CNN", "Washington", "CNN", "The talks"),
    ("WashingtonCNN — The talks", "Washington CNN", "Washington", "CNN", "The talks"),
    ("Hong Kong CNN Business — Stocks", "Hong Kong CNN Business", "Hong Kong", "CNN Business",
     "Stocks"),
    ("Washington (CNN) — The talks", "Washington (CNN)", "Washington", "CNN", "The talks"),
    ("SEOUL, Aug. 20 (Yonhap) -- South Korea", "SEOUL, Aug. 20 (Yonhap)", "Seoul", "Yonhap",
     "South Korea"),
    # Other languages: the day before the month, lower-case agencies, CJK and Arabic copy.
    ("MADRID, 3 Dic. (EUROPA PRESS) - El Gobierno", "MADRID, 3 Dic. (EUROPA PRESS)", "Madrid",
     "EUROPA PRESS", "El Gobierno"),
    ("Berlin (dpa) - Die Regierung", "Berlin (dpa)", "Berlin", "dpa", "Die Regierung"),
    ("Berlin, 3. März (dpa) - Die Regierung", "Berlin, 3. März (dpa)", "Berlin", "dpa",
     "Die Regierung"),
    ("PARIS (AFP) - Le gouvernement", "PARIS (AFP)", "Paris", "AFP", "Le gouvernement"),
    ("新华社北京11月17日电 记者从国家统计局获悉", "新华社北京11月17日电", "北京", "新华社",
     "记者从国家统计局获悉"),
    ("本报上海3月5日电 上海市", "本报上海3月5日电", "上海", "本报", "上海市"),
    ("【6月18日 AFP】米国の大統領は", "【6月18日 AFP】", None, "AFP", "米国の大統領は"),
    ("【ワシントン=共同】米政府は", "【ワシントン=共同】", "ワシントン", "共同", "米政府は"),
    ("(서울=연합뉴스) 홍길동 기자 = 정부는", "(서울=연합뉴스)", "서울", "연합뉴스",
     "홍길동 기자 = 정부는"),
    ("دمشق، سوريا (CNN) -- قال مسؤولون", "دمشق، سوريا (CNN)", "دمشق، سوريا", "CNN",
     "قال مسؤولون"),
    # More wire services: the year in the day, EFE's ".-", ANSA's place after the agency,
    # Russian and Ukrainian copy.
    ("Paris, 5 mars 2024 (AFP) - Le gouvernement", "Paris, 5 mars 2024 (AFP)", "Paris", "AFP",
     "Le gouvernement"),
    ("Madrid, 5 mar (EFE).- El Gobierno", "Madrid, 5 mar (EFE)", "Madrid", "EFE",
     "El Gobierno"),
    ("(ANSA) - ROMA, 5 MAR - Il governo", "(ANSA) - ROMA, 5 MAR", "Roma", "ANSA", "Il governo"),
    ("(Reuters) - Shares, 5 percent - fell", "(Reuters)", None, "Reuters",
     "Shares, 5 percent - fell"),
    ("МОСКВА, 5 мар — РИА Новости. Правительство", "МОСКВА, 5 мар — РИА Новости", "Москва",
     "РИА Новости", "Правительство"),
    ("МОСКВА, 5 марта. /ТАСС/. Правительство", "МОСКВА, 5 марта. /ТАСС/", "Москва", "ТАСС",
     "Правительство"),
    ("Київ, 5 березня — Укрінформ. Уряд", "Київ, 5 березня — Укрінформ", "Київ", "Укрінформ",
     "Уряд"),
]  # fmt: skip


@pytest.mark.parametrize(("paragraph", "text", "place", "agency", "rest"), DATELINES)
def test_split_dateline(paragraph: str, text: str, place, agency, rest: str) -> None:
    dateline, remainder = split_dateline(paragraph)
    assert dateline is not None
    assert (dateline.text, dateline.place, dateline.agency) == (text, place, agency)
    assert remainder == rest


NOT_DATELINES = [
    "NASA said on Tuesday that the launch would go ahead.",
    "Москва, 5 марта — это важная дата. Правительство",
    "Shares, 5 percent - fell",
    "UPDATE: The road has reopened.",
    "UPDATE 2-Oil prices fall",
    "EXCLUSIVE - Bank weighs sale",
    "ANALYSIS: What the vote means",
    "BREAKING NEWS: Fire downtown",
    "DEAR ABBY: My husband bought tickets.",
    "10:30 a.m. — Police arrived.",
    "12:21 AM ET - Stocks rose",
    "Here is the thing: nobody knew.",
    "The Latest: Man stabbed on train",
    "A HUNTER who ate a rabbit fell ill.",
    "GIRLS BASKETBALL",
    "Staff Reports",
    "Meanwhile — the markets fell.",
    "Fact Check: Is the claim true?",
    "(Updated) The story changed.",
    "NEW: The road has reopened.",
    "HIGHLIGHTS — The vote in brief",
    "Highlights: The vote in brief",
    "Photo: Jane Doe — The crowd",
    "Watch CNN — live coverage",
    "TLDR: We are postponing the change.",
    "STORY HIGHLIGHTS — Officials said",
    "KEY POINTS: The vote",
    "FILE PHOTO: A man walks past the bank.",
    "Getty Images — A man walks past the bank.",
    "(AP Photo/Evan Vucci) — The president waves.",
    "(Photo: Reuters) The crowd gathered.",
    "SACHA PFEIFFER, HOST: Teachers went on strike.",
    "SACHA PFEIFFER, HOST:",
    "The (awful) truth - it is out",
    "记者从国家统计局获悉，11月17日",
    "(서울) 정부는",
    "",
]


@pytest.mark.parametrize("paragraph", NOT_DATELINES)
def test_not_a_dateline(paragraph: str) -> None:
    assert split_dateline(paragraph) == (None, paragraph)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Updated 10:01 pm PST, Tuesday, November 19, 2019", True),
        ("Published 11:11 PM EST Nov 19, 2019", True),
        ("November 19, 2019", True),
        ("On November 19, 2019 the council voted to close the park.", False),
        ("The council met.", False),
        ("5 maart 2024", True),
        ("2024年3月5日 10時15分", True),
        ("Publié le 5 mars 2024 à 10h15", True),
        ("Veröffentlicht am 5. März 2024, 10:15 Uhr", True),
        ("Mis à jour le 6 mars 2024", True),
        ("Publié le 05/03/2024 à 10h15, mis à jour le 06/03/2024 à 12h00", True),
        ("Le 5 mars 2024, le gouvernement a annoncé une réforme.", False),
        ("Publié le 5 mars 2024. Le gouvernement a tranché.", False),
        ("Il 5 marzo 2024 il governo ha approvato", False),
    ],
)
def test_is_date_line(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe, Staff Writer", True),
        ("Jane Doe | November 19, 2019", True),
        ("Jane Doe said the council would vote on Tuesday. It did.", False),
        ("The council met.", False),
    ],
)
def test_credits_authors(line: str, expected: bool) -> None:
    assert credits_authors(line, ["Jane Doe"]) is expected


@pytest.mark.parametrize(
    "text",
    ["Jane Doe 2019-11-19T17:50:00Z", "Jane Doe 11/19/19", "Jane Doe (555) 123-4567",
     "jane@example.com", "Jane Doe @janedoe", "https://example.com/jane", "WWW.EXAMPLE.COM",
     "Jane Doe an hour ago", "Jane Doe 5 min read", "Read time", "UPDATED on", "Posted",
     "Modified", "Follow me", "Email", "Contact us", "Twitter", "Facebook", "Print this story",
     "Shares", "Comments", "Tuesday", "Jane Doe · SUNDAY"],
)  # fmt: skip
def test_every_kind_of_byline_noise_is_looked_for(text: str) -> None:
    """clean_byline skips the noise pattern on text without any of its marks: every text the
    pattern matches must show one."""
    from cleannews.extraction.byline import _NOISE, _may_hold_noise

    assert _NOISE.search(text) and _may_hold_noise(text)
    assert not _may_hold_noise("Jane Doe and John Roe, Staff Writers")


def test_every_time_zone_passes_the_look_ahead_of_the_time_pattern():
    """_TIME looks at a word's first character before trying the zones: each zone, alone or
    after a clock time, is still removed from a byline."""
    import re

    from cleannews.extraction import byline

    assert byline._ZONE.startswith("(?:") and byline._ZONE.endswith(")")
    expanded = []
    for zone in byline._ZONE[3:-1].split("|"):  # "[ECMPAH][SD]T", "CES?T" spelled out
        forms = [""]
        for part in re.findall(r"\[[A-Z]+\]|[A-Z]\?|[A-Z]", zone):
            if part[0] == "[":
                choices = list(part[1:-1])
            else:
                choices = [part[0], ""] if part[-1] == "?" else [part]
            forms = [f + c for f in forms for c in choices]
        expanded.extend(forms)
    assert "EST" in expanded and "CEST" in expanded and "AEDT" in expanded
    for zone in expanded:
        assert byline._TIME.sub(" ", f"Jane Doe {zone}").strip() == "Jane Doe", zone
        assert byline._TIME.sub(" ", f"Jane Doe 10:45 {zone}").strip() == "Jane Doe", zone
        # Zones are printed in capitals; in lower case they are words ("et", "ist", "est").
        assert byline._TIME.sub(" ", f"Jean Dupont {zone.lower()}") == f"Jean Dupont {zone.lower()}"
