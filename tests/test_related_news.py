"""Related news: tokens per language, ranking rules, cache, and a real build."""

import random
import unicodedata
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import lxml.html
import numpy as np
import pytest
from related_news import engine
from related_news.cache import CountsCache
from related_news.engine import RelatedIndex, Story, term_counts
from related_news.evaluate import load, load_labelled, precision
from related_news.related_news import as_text, rank_articles
from related_news.tokenize import term_id, token_ids, tokenize
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


@pytest.mark.parametrize(
    "text, lang",
    [
        ("สหภาพแรงงานมอบของขวัญ กลุ่ม Zalo ของสหภาพ ให้ 3,000 คน", "th"),
        ("Công đoàn chăm lo cho người lao động ở Hà Nội.", "vi"),
        ("The workers were receiving their gifts", "en"),
    ],
)
def test_token_ids_are_the_ids_of_the_tokens(text, lang):
    # Thai ids are computed on code points at once; they must still be the
    # ids of exactly the tokens tokenize() gives.
    assert sorted(token_ids(text, lang).tolist()) == sorted(
        term_id(t) for t in tokenize(text, lang)
    )


def test_term_ids_are_stable_and_thai_trigrams_distinct():
    assert term_id("công_đoàn") == term_id("công_đoàn")
    assert term_id("งาน") != term_id("งาม")
    assert len({term_id(t) for t in tokenize("สหภาพแรงงานมอบของขวัญ", "th")}) > 10


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


def test_all_related_is_related_for_each_story():
    index = index_of(STORIES)
    assert index.all_related(3) == [index.related(i, 3) for i in range(len(STORIES))]


def test_blocks_give_the_same_ranking(monkeypatch):
    expected = index_of(STORIES).all_related(3)
    monkeypatch.setattr(engine, "BLOCK_CELLS", 7)  # one story per block
    assert index_of(STORIES).all_related(3) == expected


def test_kth_largest_per_group_in_small_blocks(monkeypatch):
    rng = random.Random(5)
    groups, values = [], []
    for g in range(30):
        for _ in range(rng.randrange(0, 12)):
            groups.append(g)
            values.append(float(rng.randrange(6)))  # many ties
    monkeypatch.setattr(engine, "BLOCK_CELLS", 20)
    kth = engine._kth_largest_per_group(np.array(groups), np.array(values), 30, 4)
    for g in range(30):
        mine = sorted(
            (v for gg, v in zip(groups, values, strict=True) if gg == g), reverse=True
        )
        assert kth[g] == (mine[3] if len(mine) > 4 else -np.inf)


def test_all_related_scores_only_the_likely_candidates_exactly(monkeypatch):
    # Many candidates a story and many exact ties (copies, shared dates):
    # the candidates all_related leaves out must not change the ranking.
    rng = random.Random(11)
    words = "công đoàn quà Tết lao động an toàn lương thưởng nhà ở học bổng".split()
    stories = []
    for i in range(70):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(3, 12)))
        for copy in range(rng.choice([1, 1, 2])):
            stories.append(story(f"s{i}-{copy}", text, text, day=rng.randrange(1, 4)))
    index = index_of(stories)
    for k in (1, 3, 5):
        expected = [index.related(i, k) for i in range(len(stories))]
        assert index.all_related(k) == expected
        monkeypatch.setattr(engine, "RANK_CELLS", 3 * len(stories))
        assert index.all_related(k) == expected
        monkeypatch.undo()


def test_sort_within_groups_is_lexsort(monkeypatch):
    rng = np.random.default_rng(2)
    groups = np.sort(rng.integers(0, 40, 500))
    values = rng.integers(0, 5, 500).astype(float)  # many ties
    values[::37] = np.nan
    monkeypatch.setattr(engine, "BLOCK_CELLS", 50)
    order = engine._sort_within_groups(groups, values, 40)
    assert order.tolist() == np.lexsort((values, groups)).tolist()


def test_terms_are_numbered_in_the_order_of_their_ids():
    rng = np.random.default_rng(3)
    hashed = rng.integers(0, 1 << 62, 300)
    thai = engine.THAI_TRIGRAM | rng.integers(0, 1 << 21, 50)
    for ids in (hashed, np.arange(40) % 7, np.r_[hashed, thai, hashed[:9]]):
        ids = rng.choice(ids, 2000)
        numbers, count = engine._number_terms(ids)
        distinct, expected = np.unique(ids, return_inverse=True)
        assert numbers.tolist() == expected.tolist()
        assert count == len(distinct)


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


def test_cache_keeps_only_the_keys_in_use(tmp_path):
    cache = CountsCache(str(tmp_path))
    cache.put("k", {"a": 1.0})
    cache.put("stale", {"b": 1.0})
    cache.save({"k"})
    again = CountsCache(str(tmp_path))
    assert "k" in again and again.get("k") == {"a": 1.0}
    assert "stale" not in again


def assert_same_counts(serial, parallel):
    for (terms, weights, topics), (p_terms, p_weights, p_topics) in zip(
        serial, parallel, strict=True
    ):
        assert terms.tolist() == p_terms.tolist()
        assert weights.tolist() == p_weights.tolist()
        assert topics == p_topics


def test_counting_on_all_cores_gives_the_serial_counts(monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(engine, "CHUNK_STORIES", 4)  # several chunks, in order
    serial = engine.all_term_counts(STORIES, workers=1)
    parallel = engine.all_term_counts(STORIES, workers=2)
    assert_same_counts(serial, parallel)
    assert engine._counting is None  # the stories are not kept after the pool


def test_workers_strip_html_as_the_build_did(monkeypatch):
    # A payload that cannot be pickled: only index ranges reach the workers.
    html = [
        replace(s, body=f"<p>{s.body} <a href='#'>&amp; Tết</a></p>", payload=lambda: 0)
        for s in STORIES
    ]
    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD", 2)
    serial = [term_counts(as_text(s)) for s in html]
    parallel = engine.all_term_counts(html, workers=2, prepare=as_text)
    assert_same_counts(serial, parallel)


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
    # The target; measured 0.85-0.97 (plugins/related_news/README.md).
    stories, clusters = load(EVAL / f"{lang}.jsonl")
    assert len(stories) >= 40
    assert precision(stories, clusters)[3] >= 0.8


@pytest.mark.parametrize("lang", ["vi", "th", "en"])
def test_precision_floor_on_held_out_stories_among_the_others(lang):
    # Written after the engine and its vocabulary, half on topics the
    # vocabulary lacks; measured 0.59-0.63, 0.44 without topics.
    stories, labels = load_labelled(EVAL / f"{lang}.jsonl")
    extra, extra_labels = load_labelled(EVAL / "holdout" / f"{lang}.jsonl")
    clusters = [c[0] for c in labels + extra_labels]
    scored = range(len(stories), len(stories) + len(extra))
    assert precision(stories + extra, clusters, scored=scored)[3] >= 0.55


def articles_of(stories, lang="vi"):
    """Stand-ins for Pelican articles, as rank_articles reads them."""
    return [
        SimpleNamespace(
            lang=lang,
            slug=s.key,
            title=s.title,
            metadata={},
            _content=s.body,
            tags=[],
            category=None,
            date=s.date,
        )
        for s in stories
    ]


def test_unchanged_stories_are_not_counted_again(tmp_path):
    articles = articles_of(STORIES)
    settings = {"CACHE_PATH": str(tmp_path)}
    assert rank_articles(articles, settings) == (6, 0)
    first = [[r.slug for r in a.related_news] for a in articles]
    articles[0]._content += " Quà Tết"
    assert rank_articles(articles, settings) == (6, 5)
    articles[0]._content = STORIES[0].body
    assert rank_articles(articles, settings) == (6, 5)  # stale entry was dropped
    assert [[r.slug for r in a.related_news] for a in articles] == first
    assert rank_articles(
        articles, {**settings, "RELATED_NEWS_TOPICS": str(tmp_path)}
    ) == (6, 0)


def test_a_language_none_of_whose_stories_changed_keeps_its_rankings(
    tmp_path, monkeypatch
):
    vietnamese, english = articles_of(STORIES, "vi"), articles_of(STORIES, "en")
    articles = vietnamese + english
    settings = {"CACHE_PATH": str(tmp_path)}
    ranked = []
    all_related = RelatedIndex.all_related

    def counted(index, k=5):
        ranked.append(index.stories[0].lang)
        return all_related(index, k)

    monkeypatch.setattr(RelatedIndex, "all_related", counted)
    rank_articles(articles, settings)
    assert sorted(ranked) == ["en", "vi"]
    ranked.clear()
    vietnamese[0]._content += " Quà Tết"
    rank_articles(articles, settings)
    assert ranked == ["vi"]  # English unchanged: its rankings were kept
    cached = [[r.slug for r in a.related_news] for a in articles]
    rank_articles(articles, {**settings, "RELATED_NEWS_CACHE": False})
    assert [[r.slug for r in a.related_news] for a in articles] == cached
    ranked.clear()
    english[1].date = date(2020, 1, 1)  # dates weigh in the ranking
    rank_articles(articles, settings)
    assert ranked == ["en"]
