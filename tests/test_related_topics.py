"""The topic vocabulary behind related news: format, matching, and effect."""

import pytest
from related_news.engine import RelatedIndex, Story, term_counts
from related_news.topics import (
    DEFAULT_FOLDER,
    THAI,
    Vocabulary,
    VocabularyError,
    parse,
)

TOPICS = {
    "vi": {"tet": ["tết", "tết nguyên đán", "đón xuân"], "law": ["luật"]},
    "en": {"tet": ["tet", "lunar new year", "year of the tiger"], "gift": ["gift*"]},
    "th": {"tet": ["เต๊ด", "ตรุษญวน"]},
}


@pytest.fixture
def vocabulary():
    return Vocabulary(TOPICS)


def test_parse_reads_topics_and_skips_comments():
    text = "# a comment\n\ntet: Tết, Đón Xuân\nlaw: luật\n"
    assert parse(text) == {"tet": ["tết", "đón xuân"], "law": ["luật"]}


@pytest.mark.parametrize(
    "line, message",
    [("tet tết, xuân", "expected 'topic-id: keyword"), ("tet: , ,", "no keywords")],
)
def test_malformed_line_names_file_and_line(line, message):
    with pytest.raises(VocabularyError) as error:
        parse(f"# header\n{line}\n", "topics/vi.txt")
    assert str(error.value).startswith("topics/vi.txt:2: ")
    assert message in str(error.value)


def test_vietnamese_keywords_match_whole_syllables(vocabulary):
    counts = vocabulary.counts("Công nhân đón Tết Nguyên Đán; luật mới.", "vi")
    assert counts == {"^tet": 1, "^law": 1}  # the longest keyword, once
    assert vocabulary.counts("Bộ luậtx", "vi") == {}  # not inside a word


def test_english_prefix_and_phrases(vocabulary):
    counts = vocabulary.counts(
        "Gifts for the Year of the  Tiger and a gifted child", "en"
    )
    assert counts == {"^gift": 2, "^tet": 1}


def test_thai_keywords_match_inside_running_text(vocabulary):
    assert vocabulary.counts("สหภาพแรงงานฉลองเทศกาลเต๊ดกับคนงาน", "th") == {"^tet": 1}


def test_unknown_language_has_no_topics(vocabulary):
    assert vocabulary.counts("tết", "fr") == {}


def test_a_shared_topic_relates_stories_without_shared_words(vocabulary):
    stories = [
        Story("a", "en", "Spring festival near the park: year of the tiger"),
        Story("b", "en", "Coaches take factory staff home for Tet"),
        Story("c", "en", "Chemical leak at a plating plant"),
    ]
    plain = Vocabulary({})
    assert (
        RelatedIndex(
            stories, [term_counts(s, vocabulary=plain) for s in stories]
        ).related(0)
        == []
    )
    index = RelatedIndex(
        stories, [term_counts(s, vocabulary=vocabulary) for s in stories]
    )
    assert index.related(0) == [1]


def test_shipped_vocabulary_parses_with_the_same_topics_in_every_language():
    shipped = {
        path.stem: parse(path.read_text("utf-8"), path)
        for path in DEFAULT_FOLDER.glob("*.txt")
    }
    assert set(shipped) == {"vi", "th", "en"}
    assert shipped["vi"].keys() == shipped["th"].keys() == shipped["en"].keys()
    for lang, topics in shipped.items():
        for topic, keywords in topics.items():
            assert len(keywords) >= 10, (lang, topic)
            if lang == "th":
                assert all(len(k) >= 3 for k in keywords if THAI.search(k)), topic
