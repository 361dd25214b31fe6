"""Deterministic newsroom corpus for `make bench`.

    python -m bench.corpus N OUTDIR [--seed S]

Writes N Vietnamese stories under OUTDIR/news/<year>/, ~60% of them also in
English and ~40% also in Thai (same Slug), 4 categories per language, tag
pools, authors, dates over three years (2023-2025), ~250-word bodies built
from sentence pools (Thai written without spaces between words), three pages
per language, and a few small JPEGs in OUTDIR/images/ used by ~5% of stories
through `Image:`. Story i depends only on (seed, i): the same N and seed give
byte-identical files, and a smaller corpus is a prefix of a larger one.
"""

import argparse
import io
import os
import random
import shutil
from datetime import datetime, timedelta

SEED = 20240419
LANGS = ("vi", "en", "th")
SHARE = {"en": 0.60, "th": 0.40}  # stories that also exist in that language
IMAGE_SHARE = 0.05
IMAGES = 6

CATEGORIES = {
    "vi": [
        "Hoạt động Công đoàn",
        "Chăm lo đoàn viên",
        "Pháp luật lao động",
        "An toàn lao động",
    ],
    "en": ["Union Activities", "Member Welfare", "Labour Law", "Workplace Safety"],
    "th": ["กิจกรรมสหภาพแรงงาน", "สวัสดิการสมาชิก", "กฎหมายแรงงาน", "ความปลอดภัยในการทำงาน"],
}

# (ascii, vi, en, th)
PLACES = [
    ("lao-cai", "Lào Cai", "Lao Cai", "ลาวกาย"),
    ("ha-noi", "Hà Nội", "Hanoi", "ฮานอย"),
    ("long-an", "Long An", "Long An", "ลองอาน"),
    ("da-nang", "Đà Nẵng", "Da Nang", "ดานัง"),
    ("binh-duong", "Bình Dương", "Binh Duong", "บิ่ญเซือง"),
    ("hai-phong", "Hải Phòng", "Hai Phong", "ไฮฟอง"),
    ("can-tho", "Cần Thơ", "Can Tho", "เกิ่นเทอ"),
    ("nghe-an", "Nghệ An", "Nghe An", "เหงะอาน"),
    ("dong-nai", "Đồng Nai", "Dong Nai", "ด่งนาย"),
    ("quang-ninh", "Quảng Ninh", "Quang Ninh", "กว๋างนิญ"),
    ("thai-nguyen", "Thái Nguyên", "Thai Nguyen", "ท้ายเงวียน"),
    ("bac-ninh", "Bắc Ninh", "Bac Ninh", "บั๊กนิญ"),
]

TOPICS = [  # (ascii, vi, en, th) — also the tag pool besides places
    ("cham-lo-doan-vien", "chăm lo đoàn viên", "member care", "การดูแลสมาชิก"),
    ("tet-sum-vay", "Tết sum vầy", "Tet reunion", "เต๊ดอบอุ่น"),
    ("mai-am-cong-doan", "Mái ấm Công đoàn", "Union Homes", "บ้านสหภาพแรงงาน"),
    (
        "an-toan-ve-sinh-lao-dong",
        "an toàn vệ sinh lao động",
        "occupational safety",
        "อาชีวอนามัยและความปลอดภัย",
    ),
    (
        "thuong-luong-tap-the",
        "thương lượng tập thể",
        "collective bargaining",
        "การเจรจาต่อรองร่วม",
    ),
    ("tien-luong", "tiền lương", "wages", "ค่าจ้าง"),
    ("bao-hiem-xa-hoi", "bảo hiểm xã hội", "social insurance", "ประกันสังคม"),
    (
        "phat-trien-doan-vien",
        "phát triển đoàn viên",
        "membership growth",
        "การขยายสมาชิก",
    ),
    ("cong-nhan-nu", "công nhân nữ", "women workers", "แรงงานหญิง"),
    ("nha-o-cong-nhan", "nhà ở công nhân", "worker housing", "ที่พักคนงาน"),
    ("phap-luat-lao-dong", "pháp luật lao động", "labour law", "กฎหมายแรงงาน"),
    ("chuyen-doi-so", "chuyển đổi số", "digital transformation", "การเปลี่ยนผ่านสู่ดิจิทัล"),
    ("thi-dua", "thi đua", "emulation movement", "ขบวนการแข่งขัน"),
    ("hoc-bong", "học bổng", "scholarships", "ทุนการศึกษา"),
    (
        "doi-thoai",
        "đối thoại tại nơi làm việc",
        "workplace dialogue",
        "การเจรจาในสถานประกอบการ",
    ),
    ("thang-cong-nhan", "Tháng Công nhân", "Workers' Month", "เดือนแรงงาน"),
    ("suc-khoe", "chăm sóc sức khỏe", "health care", "การดูแลสุขภาพ"),
    ("van-hoa-the-thao", "văn hóa thể thao", "culture and sport", "วัฒนธรรมและกีฬา"),
    ("dao-tao-nghe", "đào tạo nghề", "vocational training", "การฝึกอาชีพ"),
    ("khu-cong-nghiep", "khu công nghiệp", "industrial parks", "นิคมอุตสาหกรรม"),
]

AUTHORS = [
    "Minh Thu",
    "Phạm Thu Hà",
    "Nguyễn Văn An",
    "Trần Thị Lan",
    "Lê Quang Huy",
    "Hoàng Mai",
    "Đỗ Thanh Tùng",
    "Vũ Ngọc Anh",
    "Bùi Đức Long",
    "Ngô Phương Linh",
]

# Headlines: (ascii stem, vi, en, th); {p} is the place.
TITLES = [
    (
        "so-ket-hoat-dong-cong-doan",
        "LĐLĐ {p} sơ kết hoạt động công đoàn quý {q}",
        "{p} federation reviews union work in quarter {q}",
        "สหพันธ์แรงงาน{p}ทบทวนผลงานไตรมาส {q}",
    ),
    (
        "trao-mai-am-cong-doan",
        "Công đoàn {p} trao {n} Mái ấm Công đoàn cho đoàn viên khó khăn",
        "{p} unions hand over {n} Union Homes to members in need",
        "สหภาพแรงงาน{p}มอบบ้านสหภาพแรงงาน {n} หลังแก่สมาชิกที่ลำบาก",
    ),
    (
        "tap-huan-an-toan-lao-dong",
        "{p} tập huấn an toàn vệ sinh lao động cho {n} công nhân",
        "{p} trains {n} workers in occupational safety",
        "{p}อบรมความปลอดภัยในการทำงานแก่คนงาน {n} คน",
    ),
    (
        "doi-thoai-tien-luong",
        "Đối thoại về tiền lương tại các doanh nghiệp ở {p}",
        "Dialogue on wages at companies in {p}",
        "การเจรจาเรื่องค่าจ้างในสถานประกอบการที่{p}",
    ),
    (
        "ky-thoa-uoc-lao-dong-tap-the",
        "{n} doanh nghiệp ở {p} ký thỏa ước lao động tập thể",
        "{n} companies in {p} sign collective agreements",
        "สถานประกอบการ {n} แห่งใน{p}ลงนามข้อตกลงร่วม",
    ),
    (
        "tet-sum-vay",
        "Công đoàn {p} tổ chức Tết sum vầy cho {n} công nhân",
        "{p} unions hold a Tet reunion for {n} workers",
        "สหภาพแรงงาน{p}จัดงานเต๊ดอบอุ่นให้คนงาน {n} คน",
    ),
    (
        "trao-hoc-bong",
        "Trao {n} suất học bổng cho con đoàn viên {p}",
        "{n} scholarships for children of union members in {p}",
        "มอบทุนการศึกษา {n} ทุนแก่บุตรสมาชิกใน{p}",
    ),
    (
        "pho-bien-phap-luat",
        "Phổ biến pháp luật lao động cho công nhân khu công nghiệp {p}",
        "Labour law classes for industrial park workers in {p}",
        "เผยแพร่กฎหมายแรงงานแก่คนงานนิคมอุตสาหกรรม{p}",
    ),
]

# Body sentences; {p} place, {n} number, {t} topic.
VI = [
    "Chiều nay, Liên đoàn Lao động tỉnh {p} tổ chức hội nghị để đánh giá kết quả thực hiện nhiệm vụ và bàn phương hướng cho thời gian tới.",
    "Tham dự hội nghị có đại diện lãnh đạo các ban, công đoàn cơ sở và hơn {n} đoàn viên, người lao động đang làm việc tại các doanh nghiệp trên địa bàn.",
    "Theo báo cáo, công tác {t} tiếp tục được các cấp công đoàn quan tâm, triển khai đồng bộ và mang lại nhiều kết quả thiết thực.",
    "Nhiều công đoàn cơ sở đã chủ động phối hợp với người sử dụng lao động để cải thiện điều kiện làm việc và nâng cao thu nhập cho công nhân.",
    "Trong năm, toàn tỉnh đã phát triển thêm {n} đoàn viên mới và thành lập thêm nhiều công đoàn cơ sở tại các doanh nghiệp ngoài nhà nước.",
    "Chị Nguyễn Thị Hoa, công nhân một công ty may, cho biết chị rất vui khi được công đoàn thăm hỏi và hỗ trợ kịp thời lúc gia đình gặp khó khăn.",
    "Phát biểu tại hội nghị, Chủ tịch Liên đoàn Lao động tỉnh đề nghị các cấp công đoàn tiếp tục đổi mới nội dung, phương thức hoạt động.",
    "Việc đối thoại định kỳ tại nơi làm việc giúp người lao động mạnh dạn nêu ý kiến về tiền lương, thời giờ làm việc và chế độ phúc lợi.",
    "Các đại biểu cũng thảo luận về những khó khăn trong công tác {t} và đề xuất giải pháp phù hợp với tình hình thực tế của từng đơn vị.",
    "Dịp này, Ban Thường vụ đã trao tặng {n} suất quà cho đoàn viên có hoàn cảnh khó khăn, mỗi suất trị giá một triệu đồng.",
    "Hoạt động tuyên truyền, phổ biến pháp luật lao động được thực hiện thường xuyên qua mạng xã hội, bản tin và các buổi sinh hoạt tại phân xưởng.",
    "Nhiều doanh nghiệp đã đầu tư trang thiết bị bảo hộ, tổ chức huấn luyện an toàn và kiểm tra định kỳ máy móc, thiết bị có yêu cầu nghiêm ngặt.",
    "Công đoàn ngành đã ký kết chương trình phối hợp với các siêu thị, phòng khám và trường học để dành ưu đãi riêng cho đoàn viên.",
    "Kết quả này cho thấy vai trò đại diện, bảo vệ quyền và lợi ích hợp pháp, chính đáng của tổ chức công đoàn ngày càng được khẳng định.",
    "Trong thời gian tới, các cấp công đoàn sẽ tập trung vào chuyển đổi số, nâng cao chất lượng thương lượng tập thể và chăm lo đời sống người lao động.",
    "Ông Trần Văn Minh, Chủ tịch công đoàn cơ sở, chia sẻ rằng sự đồng hành của doanh nghiệp là yếu tố quan trọng giúp phong trào phát triển bền vững.",
]
EN = [
    "This afternoon the {p} Provincial Federation of Labour held a conference to review its work and set its priorities for the months ahead.",
    "Leaders of its departments, grassroots unions and more than {n} members working at companies in the province took part.",
    "According to the report, {t} remained a priority for unions at every level and brought practical results for workers.",
    "Many grassroots unions worked with employers to improve working conditions and raise the incomes of workers on the factory floor.",
    "During the year the province recruited {n} new members and set up new grassroots unions in private companies.",
    "Nguyen Thi Hoa, a garment worker, said she was grateful that the union visited her family and helped quickly when they were in difficulty.",
    "Speaking at the conference, the federation's chair asked unions to keep renewing the content and methods of their work.",
    "Regular dialogue at the workplace helps workers speak up about wages, working hours and welfare without fear.",
    "Delegates also discussed the difficulties of {t} and proposed solutions that suit the situation of each workplace.",
    "On this occasion the standing committee presented {n} gifts to members in hardship, each worth one million dong.",
    "Labour law is explained regularly through social media, newsletters and short meetings held in the workshops.",
    "Many companies have bought protective equipment, organised safety training and inspected machines that require strict checks.",
    "The sector union signed agreements with supermarkets, clinics and schools to offer discounts reserved for members.",
    "The results show that the union's role in representing and protecting the lawful rights and interests of workers is growing.",
    "In the coming period unions will focus on digital transformation, better collective bargaining and the daily lives of workers.",
    "Tran Van Minh, chair of a grassroots union, said the support of the employer is what lets the movement grow year after year.",
]
TH = [
    "บ่ายวันนี้สหพันธ์แรงงานจังหวัด{p}จัดการประชุมเพื่อประเมินผลการดำเนินงานและวางแผนงานในระยะต่อไป",
    "ผู้เข้าร่วมประกอบด้วยผู้นำฝ่ายต่างๆ สหภาพแรงงานระดับรากหญ้า และสมาชิกกว่า {n} คนที่ทำงานในสถานประกอบการในพื้นที่",
    "ตามรายงานสหภาพแรงงานทุกระดับยังคงให้ความสำคัญกับ{t}และดำเนินการอย่างต่อเนื่องจนเกิดผลที่เป็นรูปธรรม",
    "สหภาพแรงงานระดับรากหญ้าหลายแห่งร่วมมือกับนายจ้างปรับปรุงสภาพการทำงานและเพิ่มรายได้ให้แก่คนงาน",
    "ในรอบปีที่ผ่านมาจังหวัดได้รับสมาชิกใหม่ {n} คนและจัดตั้งสหภาพแรงงานระดับรากหญ้าใหม่ในสถานประกอบการเอกชน",
    "คุณเหงียนถิฮวาคนงานโรงงานตัดเย็บเสื้อผ้ากล่าวว่ารู้สึกดีใจที่สหภาพแรงงานมาเยี่ยมและช่วยเหลือครอบครัวได้ทันเวลา",
    "ประธานสหพันธ์แรงงานจังหวัดกล่าวในที่ประชุมขอให้สหภาพแรงงานทุกระดับปรับปรุงเนื้อหาและวิธีการทำงานอย่างต่อเนื่อง",
    "การเจรจาในสถานประกอบการเป็นประจำช่วยให้คนงานกล้าแสดงความคิดเห็นเรื่องค่าจ้างเวลาทำงานและสวัสดิการ",
    "ผู้แทนยังได้หารือถึงอุปสรรคของ{t}และเสนอแนวทางแก้ไขที่เหมาะสมกับสภาพจริงของแต่ละหน่วยงาน",
    "ในโอกาสนี้คณะกรรมการประจำได้มอบของขวัญ {n} ชุดแก่สมาชิกที่มีฐานะลำบากชุดละหนึ่งล้านด่อง",
    "การเผยแพร่กฎหมายแรงงานดำเนินการอย่างสม่ำเสมอผ่านสื่อสังคมออนไลน์จดหมายข่าวและการประชุมในโรงงาน",
    "สถานประกอบการหลายแห่งลงทุนจัดหาอุปกรณ์ป้องกันอันตรายจัดการอบรมความปลอดภัยและตรวจสอบเครื่องจักรเป็นประจำ",
    "สหภาพแรงงานสาขาได้ลงนามความร่วมมือกับซูเปอร์มาร์เก็ตคลินิกและโรงเรียนเพื่อมอบส่วนลดพิเศษแก่สมาชิก",
    "ผลลัพธ์นี้แสดงให้เห็นว่าบทบาทของสหภาพแรงงานในการเป็นตัวแทนและคุ้มครองสิทธิประโยชน์ของคนงานได้รับการยอมรับมากขึ้น",
    "ในระยะต่อไปสหภาพแรงงานจะมุ่งเน้นการเปลี่ยนผ่านสู่ดิจิทัลการเจรจาต่อรองร่วมที่มีคุณภาพและการดูแลชีวิตความเป็นอยู่ของคนงาน",
    "คุณเจิ่นวันมิญประธานสหภาพแรงงานระดับรากหญ้ากล่าวว่าการสนับสนุนของนายจ้างเป็นปัจจัยสำคัญที่ทำให้ขบวนการเติบโตอย่างยั่งยืน",
]
SENTENCES = {"vi": VI, "en": EN, "th": TH}
HEADINGS = {
    "vi": ["Nhiều kết quả nổi bật", "Chăm lo thiết thực", "Nhiệm vụ thời gian tới"],
    "en": ["Notable results", "Practical care", "Tasks ahead"],
    "th": ["ผลงานเด่น", "การดูแลที่เป็นรูปธรรม", "ภารกิจในระยะต่อไป"],
}
CAPTIONS = {
    "vi": "Quang cảnh hội nghị. Ảnh: CĐ {p}",
    "en": "The conference. Photo: {p} unions",
    "th": "บรรยากาศการประชุม ภาพ: สหภาพแรงงาน{p}",
}
COL = {"vi": 1, "en": 2, "th": 3}
START = datetime(2023, 1, 1, 7, 0)
SPAN_MINUTES = 3 * 365 * 24 * 60
BODY_WORDS = 250
PAGES = {
    "gioi-thieu": {"vi": "Giới thiệu", "en": "About us", "th": "เกี่ยวกับเรา"},
    "lien-he": {"vi": "Liên hệ", "en": "Contact", "th": "ติดต่อ"},
    "chinh-sach": {
        "vi": "Chính sách nội dung",
        "en": "Editorial policy",
        "th": "นโยบายเนื้อหา",
    },
}


def _words(sentence, lang):
    # Thai has no spaces between words: ~6 characters a word is close enough.
    return len(sentence) // 6 if lang == "th" else len(sentence.split())


def _body(rng, lang, place, topic):
    """~250 words: paragraphs of 2-4 sentences, sometimes a heading."""
    pool = SENTENCES[lang]
    paragraphs, words = [], 0
    while words < BODY_WORDS:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            s = rng.choice(pool).format(p=place, n=rng.randint(12, 4800), t=topic)
            sentences.append(s)
            words += _words(s, lang)
        paragraphs.append(" ".join(sentences))
        if len(paragraphs) == 2 and rng.random() < 0.5:
            paragraphs.append("## " + rng.choice(HEADINGS[lang]))
    return "\n\n".join(paragraphs)


def story(seed, i):
    """{lang: (relative path, text)} for story i, from (seed, i) only."""
    rng = random.Random(f"{seed}:{i}")
    place = rng.choice(PLACES)
    topics = rng.sample(TOPICS, rng.randint(1, 3))
    title = rng.choice(TITLES)
    category = rng.randrange(4)
    authors = rng.sample(AUTHORS, rng.choice((1, 1, 1, 2)))
    date = START + timedelta(minutes=rng.randrange(SPAN_MINUTES))
    q, n = rng.randint(1, 4), rng.randint(3, 500)
    slug = f"{title[0]}-{place[0]}-{i:05d}"
    image = rng.randrange(IMAGES) if rng.random() < IMAGE_SHARE else None
    has = {
        "vi": True,
        "en": rng.random() < SHARE["en"],
        "th": rng.random() < SHARE["th"],
    }
    with_summary = rng.random() < 0.5
    files = {}
    for lang in LANGS:
        if not has[lang]:
            continue
        c = COL[lang]
        p = place[c]
        headline = title[c].format(p=p, q=q, n=n)
        headline = headline[0].upper() + headline[1:]
        tags = [place[c]] + [t[c] for t in topics]
        when = date + timedelta(hours=0 if lang == "vi" else rng.randint(1, 30))
        lines = [
            f"Title: {headline}",
            f"Date: {when:%Y-%m-%d %H:%M}",
            f"Lang: {lang}",
            f"Slug: {slug}",
            f"Category: {CATEGORIES[lang][category]}",
            f"Tags: {', '.join(tags)}",
            f"Authors: {', '.join(authors)}",
        ]
        body = _body(rng, lang, p, topics[0][c])
        if with_summary:
            lines.append(f"Summary: {body.split(chr(10))[0][:160].rsplit(' ', 1)[0]}")
        if image is not None:
            lines.append(f"Image: images/bench-{image}.jpg")
            lines.append(f"Image_caption: {CAPTIONS[lang].format(p=p)}")
        text = "\n".join(lines) + "\n\n" + body + "\n"
        files[lang] = (f"news/{date:%Y}/{slug}.{lang}.md", text)
    return files


def _jpeg(seed, k):
    from PIL import Image, ImageDraw

    rng = random.Random(f"{seed}:image:{k}")
    w, h = 1200, 800
    img = Image.new("RGB", (w, h), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y = rng.randrange(w), rng.randrange(h)
        draw.rectangle(
            (x, y, x + rng.randrange(40, 400), y + rng.randrange(40, 300)),
            fill=tuple(rng.randrange(256) for _ in range(3)),
        )
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def generate(n, outdir, seed=SEED):
    """Write the corpus into `outdir` (emptied first); return file counts."""
    if os.path.isdir(outdir):
        shutil.rmtree(outdir)
    counts = dict.fromkeys(LANGS, 0)
    for i in range(n):
        for lang, (rel, text) in story(seed, i).items():
            path = os.path.join(outdir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            counts[lang] += 1
    os.makedirs(os.path.join(outdir, "images"))
    for k in range(IMAGES):
        with open(os.path.join(outdir, "images", f"bench-{k}.jpg"), "wb") as f:
            f.write(_jpeg(seed, k))
    os.makedirs(os.path.join(outdir, "pages"))
    for slug, titles in PAGES.items():
        for lang, title in titles.items():
            body = " ".join(SENTENCES[lang][:4]).format(
                p=PLACES[0][COL[lang]], n=12, t=""
            )
            with open(
                os.path.join(outdir, "pages", f"{slug}.{lang}.md"),
                "w",
                encoding="utf-8",
                newline="\n",
            ) as f:
                f.write(f"Title: {title}\nLang: {lang}\nSlug: {slug}\n\n{body}\n")
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="stories (in Vietnamese)")
    parser.add_argument("outdir")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    counts = generate(args.n, args.outdir, args.seed)
    print(" ".join(f"{lang}={c}" for lang, c in counts.items()), f"images={IMAGES}")


if __name__ == "__main__":
    main()
