"""Related news: tokens per language, ranking rules, cache, and a real build."""

import random
import unicodedata
from datetime import date

import lxml.html
import pytest
from related_news.cache import CountsCache
from related_news.engine import RelatedIndex, Story, term_counts
from related_news.evaluate import load, precision
from related_news.tokenize import tokenize
from support import ROOT, SITEURL, article, build_site

EVAL = ROOT / "tests" / "related_eval"


def test_vietnamese_syllables_and_bigrams():
    tokens = tokenize("Công đoàn chăm lo cho người lao động.", "vi")
    assert {"công", "đoàn", "công_đoàn", "lao_động", "người_lao"} <= set(tokens)
    assert "cho" not in tokens  # a function word


def test_vietnamese_is_normalized_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Đoàn viên")
    assert tokenize(decomposed, "vi") == tokenize("đoàn viên", "vi")


def test_bigrams_do_not_cross_punctuation():
    assert "lao_cai" not in tokenize("Hội nghị ở Hà Nội, Lao. Cai", "vi")


def test_thai_without_spaces_gives_ngrams():
    tokens = tokenize("สหภาพแรงงานมอบของขวัญ", "th")
    assert "แรง" in tokens and "งาน" in tokens and "สหภ" in tokens
    assert " " not in "".join(tokens)


def test_thai_text_keeps_latin_words():
    assert "zalo" in tokenize("กลุ่ม Zalo ของสหภาพ", "th")


def test_english_stems_and_stopwords():
    tokens = tokenize("The workers were receiving their gifts", "en")
    assert tokens == ["worker", "receiv", "gift"]


def story(key, title, body="", lang="vi", tags=(), category="", day=1):
    return Story(
        key=key,
        lang=lang,
        title=title,
        body=body,
        tags=tuple(tags),
        category=category,
        date=date(2024, 1, day),
    )


STORIES = [
    story("a", "Công đoàn trao quà Tết cho công nhân", "quà Tết sum vầy"),
    story("b", "Quà Tết cho đoàn viên khó khăn", "Tết sum vầy, quà tặng"),
    story("c", "Tháng an toàn vệ sinh lao động", "an toàn lao động, bảo hộ"),
    story("d", "Huấn luyện an toàn lao động", "vệ sinh lao động, bảo hộ"),
    story("e", "Cuộc thi ảnh người lao động", "ảnh đẹp, cuộc thi"),
    story("f", "Quà Tết và an toàn", "Tết, an toàn"),
]


def index_of(stories):
    return RelatedIndex(stories, [term_counts(s) for s in stories])


def test_most_related_first_never_itself():
    index = index_of(STORIES)
    ranked = index.related(0, 5)
    assert 0 not in ranked
    assert ranked[0] == 1
    assert len(ranked) <= 5
    assert index.related(2, 1) == [3]


def test_order_does_not_depend_on_input_order():
    expected = {
        s.key: [STORIES[j].key for j in index_of(STORIES).related(i)]
        for i, s in enumerate(STORIES)
    }
    shuffled = STORIES[:]
    random.Random(3).shuffle(shuffled)
    index = index_of(shuffled)
    got = {
        s.key: [shuffled[j].key for j in index.related(i)]
        for i, s in enumerate(shuffled)
    }
    assert got == expected


def test_ties_go_to_the_nearer_date():
    stories = [
        story("x", "Hội thi pháp luật", day=28),
        story("old", "Hội thi pháp luật", day=1),
        story("new", "Hội thi pháp luật", day=20),
    ]
    stories[1].date = date(2021, 1, 1)
    index = index_of(stories)
    assert [stories[j].key for j in index.related(0)] == ["new", "old"]


def test_accept_narrows_candidates():
    index = index_of(STORIES)
    assert index.related(0, accept=lambda j: j >= 4) == [5]


def test_cache_reuses_counts(tmp_path):
    cache = CountsCache(str(tmp_path))
    assert cache.get_or_compute("k", lambda: {"a": 1.0}) == {"a": 1.0}
    cache.save({"k"})
    again = CountsCache(str(tmp_path))
    assert again.get_or_compute("k", lambda: pytest.fail("recomputed")) == {"a": 1.0}
    assert again.hits == 1


FILES = {
    "news/tet1.vi.md": article(
        "Công đoàn trao quà Tết cho công nhân", body="Quà Tết sum vầy."
    ),
    "news/tet2.vi.md": article(
        "Quà Tết cho đoàn viên khó khăn", body="Tết sum vầy, quà."
    ),
    "news/tet3.vi.md": article(
        "Quà Tết sum vầy bí mật", Status="draft", body="Quà Tết sum vầy."
    ),
    "news/tet.th.md": article(
        "สหภาพแรงงานมอบของขวัญเทศกาลเต๊ด",
        Lang="th",
        Slug="cong-doan-trao-qua-tet-cho-cong-nhan",
    ),
    "news/tet2.th.md": article("ของขวัญเทศกาลเต๊ดสำหรับสมาชิก", Lang="th", Slug="th-tet"),
    "news/at.vi.md": article("An toàn lao động", body="Bảo hộ lao động."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("related"), FILES)


def related_links(site, path):
    doc = lxml.html.parse(str(site / path)).getroot()
    (section,) = doc.xpath("//section[@id='related-news']")
    return [a.get("href") for a in section.iter("a")]


def test_every_article_page_has_the_section(site):
    for path in (
        "cong-doan-trao-qua-tet-cho-cong-nhan.html",
        "an-toan-lao-dong.html",
        "th/th-tet.html",
    ):
        related_links(site, path)


def test_related_are_same_language_not_self_not_drafts(site):
    links = related_links(site, "cong-doan-trao-qua-tet-cho-cong-nhan.html")
    assert links[0] == f"{SITEURL}/qua-tet-cho-doan-vien-kho-khan.html"
    assert f"{SITEURL}/cong-doan-trao-qua-tet-cho-cong-nhan.html" not in links
    assert not [h for h in links if "bi-mat" in h or "/th/" in h]
    assert len(links) <= 5
    thai = related_links(site, "th/th-tet.html")
    assert thai == [f"{SITEURL}/th/cong-doan-trao-qua-tet-cho-cong-nhan.html"]


@pytest.mark.parametrize("lang", ["vi", "th", "en"])
def test_precision_floor_on_the_evaluation_set(lang):
    # Measured 0.47-0.50 (see plugins/related_news/README.md); random is 0.11.
    stories, clusters = load(EVAL / f"{lang}.jsonl")
    assert len(stories) >= 40
    assert precision(stories, clusters)[3] >= 0.42
