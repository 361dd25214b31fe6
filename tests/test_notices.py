"""Notices: number, issuer, signer, attachments with type and size, index."""

import lxml.html
import pytest
from support import SITEURL, article, build_site

PDF = b"%PDF-1.4\n" + b"0" * 3000


def notice(title, date, slug, lang="vi", **meta):
    return article(title, date=date, Slug=slug, Lang=lang, Template="notice", **meta)


FILES = {
    "files/129-TB.pdf": PDF,
    "files/mau-don.docx": b"PK" + b"0" * 500,
    "tb/a.vi.md": notice(
        "Thông báo về nhóm Zalo",
        "2023-10-02",
        "zalo",
        Number="129-TB/ĐTN",
        Issuer="Ban Thường vụ Đoàn khối",
        Signer="Nguyễn Trọng Nhân",
        Attachments="129-TB.pdf, files/mau-don.docx",
    ),
    "tb/b.vi.md": notice("Thông báo mới hơn", "2024-01-05", "moi", Number="5-TB"),
    "tb/a.en.md": notice(
        "Notice on Zalo groups", "2023-10-02", "zalo", "en", Number="129"
    ),
    "news/tin.vi.md": article("Tin thường", date="2024-02-01"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("notices"), FILES)


def page(site, path):
    return lxml.html.parse(str(site / path)).getroot()


def test_notice_facts(site):
    doc = page(site, "zalo.html")
    facts = doc.xpath("//dl[@class='notice-facts']/dd")
    texts = [dd.text_content().strip() for dd in facts]
    assert texts[0] == "129-TB/ĐTN"
    assert texts[1] == "Ban Thường vụ Đoàn khối"
    assert texts[3] == "Nguyễn Trọng Nhân"


def test_attachments_are_copied_and_described(site):
    doc = page(site, "zalo.html")
    items = doc.xpath("//section[@class='attachments']//li")
    assert [li.xpath("a/@href")[0] for li in items] == [
        f"{SITEURL}/files/129-TB.pdf",
        f"{SITEURL}/files/mau-don.docx",
    ]
    assert items[0].xpath("span/text()") == ["(PDF, 3 KB)"]
    assert items[1].xpath("span/text()") == ["(DOCX, 1 KB)"]
    assert (site / "files/129-TB.pdf").read_bytes() == PDF


def test_index_newest_first_per_language(site):
    titles = page(site, "notices/index.html").xpath("//main//h2/a/text()")
    assert titles == ["Thông báo mới hơn", "Thông báo về nhóm Zalo"]
    english = page(site, "en/notices/index.html").xpath("//main//h2/a/text()")
    assert english == ["Notice on Zalo groups"]


def test_notices_are_in_the_feeds(site):
    feed = (site / "feeds/all.atom.xml").read_text()
    assert "Thông báo về nhóm Zalo" in feed
