"""A story page as newsrooms in other languages print it: the byline, the date line above the
story and the dateline are read, and neither the credit nor the date stamp opens the body."""

from __future__ import annotations

import pytest

import cleannews

FILLER = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod. " * 3
FILLER = (FILLER + "</p>") * 5

# (lang, credit line, date line, first paragraph, author, dateline)
STORIES = [
    ("fr", "Par Jean Dupont", "Publié le 5 mars 2024 à 10h15",
     "PARIS (AFP) - Le gouvernement a annoncé mardi une réforme.", "Jean Dupont", "PARIS (AFP)"),
    ("de", "Von Anna Schmidt", "Veröffentlicht am 5. März 2024, 10:15 Uhr",
     "Berlin (dpa) - Die Regierung hat am Dienstag ein Paket beschlossen.", "Anna Schmidt",
     "Berlin (dpa)"),
    ("it", "di Marco Rossi", "5 marzo 2024",
     "ROMA - Il governo ha approvato martedì la riforma delle pensioni.", "Marco Rossi", "ROMA"),
    ("nl", "Door Pieter de Vries", "5 maart 2024",
     "DEN HAAG (ANP) - Het kabinet heeft dinsdag een klimaatpakket aangenomen.",
     "Pieter de Vries", "DEN HAAG (ANP)"),
    ("pl", "Przez Jan Kowalski", "5 marca 2024",
     "WARSZAWA (PAP) - Rząd przyjął we wtorek reformę emerytalną.", "Jan Kowalski",
     "WARSZAWA (PAP)"),
    ("sv", "Av Lars Svensson", "5 mars 2024",
     "STOCKHOLM (TT) - Regeringen godkände på tisdagen reformen.", "Lars Svensson",
     "STOCKHOLM (TT)"),
    ("pt", "Por João Silva", "5 de março de 2024",
     "LISBOA (Lusa) - O Governo aprovou esta terça-feira a reforma.", "João Silva",
     "LISBOA (Lusa)"),
    ("tr", "Yazar: Mehmet Yılmaz", "5 Mart 2024",
     "ANKARA (AA) - Hükümet reformu salı günü onayladı.", "Mehmet Yılmaz", "ANKARA (AA)"),
    ("ar", "بقلم أحمد علي", "5 مارس 2024",
     "دمشق، سوريا (CNN) -- قال مسؤولون إن الحكومة وافقت على الإصلاح.", "أحمد علي",
     "دمشق، سوريا (CNN)"),
    ("ja", "記者：山田太郎", "2024年3月5日 10時15分",
     "【3月5日 AFP】日本政府は5日、改革案を承認した。", "山田太郎", "【3月5日 AFP】"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "credit", "stamp", "lead", "author", "dateline"), STORIES)
def test_a_story_in_another_language(
    lang: str, credit: str, stamp: str, lead: str, author: str, dateline: str
) -> None:
    html = (
        f"<html lang='{lang}'><head><title>Titel</title></head><body><article><h1>Titel "
        f"der Geschichte</h1><div class='author'>{credit}</div><div class='date'>{stamp}</div>"
        f"<p>{lead}</p>{FILLER}</article></body></html>"
    )
    article = cleannews.extract(html, url=f"https://news.example.com/{lang}/story")
    assert article.authors == (author,)
    assert article.published is not None and article.published.startswith("2024-03-05")
    assert article.dateline == dateline
    assert stamp not in article.body and credit not in article.body
    assert article.body.split("\n\n")[0] == lead[len(dateline) :].lstrip(" -")


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        ("5 березня 2024", "2024-03-05"),  # Ukrainian
        ("5. března 2024", "2024-03-05"),  # Czech
        ("5 martie 2024", "2024-03-05"),  # Romanian
        ("12 Ekim 2024", "2024-10-12"),  # Turkish
        ("5 Μαρτίου 2024", "2024-03-05"),  # Greek
        ("7 تموز 2024", "2024-07-07"),  # Arabic, as the Levant names the month
        ("12. lokakuuta 2024", None),  # Finnish: not read, so left empty, never misread
    ],
)
def test_a_date_printed_in_more_languages(stamp: str, published: str | None) -> None:
    html = (
        "<html><body><article><h1>Title of the story</h1>"
        f"<div class='date'>{stamp}</div>{FILLER}</article></body></html>"
    )
    article = cleannews.extract(html)
    assert article.published == published
    assert (stamp in article.body) is (published is None)  # a stamp read is no story text


@pytest.mark.parametrize(
    "stamps",
    [
        "<p>Veröffentlicht am 5. März 2024</p><p>Aktualisiert am 6. März 2024, 12:00 Uhr</p>",
        "<p>Publié le 05/03/2024 à 10h15, mis à jour le 06/03/2024 à 12h00</p>",
        "<p>Publicado: 05/03/2024 10:15</p><p>Actualizado: 06/03/2024 12:00</p>",
        "<p>05.03.2024 10:15 (обновлено: 06.03.2024 12:00)</p>",
        "<p>2024/03/05 10:15 (最終更新 2024/03/06 12:00)</p>",
        "<p>입력 2024.03.05 10:15 수정 2024.03.06 12:00</p>",
    ],
)
def test_the_update_is_read_in_other_languages(stamps: str) -> None:
    html = (
        "<html lang='xx'><body><article><h1>Title of the story</h1>"
        f"<div class='date'>{stamps}</div>{FILLER}</article></body></html>"
    )
    article = cleannews.extract(html)
    assert (article.published or "")[:10] == "2024-03-05"
    assert (article.modified or "")[:10] == "2024-03-06"
    assert article.body.startswith("Lorem ipsum")  # the stamps are no story text


@pytest.mark.parametrize(
    "clutter",
    ["Lesen Sie auch: Die Regierung plant neue Steuern", "À lire aussi", "Leer más",
     "Читайте также", "Anzeige", "Teilen", "相关阅读：政府批准改革方案"],
)
def test_read_more_ads_and_share_labels_in_other_languages_are_clutter(clutter: str) -> None:
    html = (
        "<html><body><article><h1>Title of the story</h1>"
        f"{FILLER}<p>{clutter}</p>{FILLER}</article></body></html>"
    )
    body = cleannews.extract(html).body
    assert body.startswith("Lorem ipsum") and clutter not in body
