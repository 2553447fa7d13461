"""Our own filler writing for the realistic portals: news, near misses, documents.

Deterministic: every text is drawn from the banks below with a ``random.Random``
seeded by a string (stable across runs and hash seeds). Filler never names an
emulation bloc (no "khối/cụm thi đua"); near misses are what a bloc classifier
must reject: award ceremonies, province-wide emulation movements, the Party
committee of the provincial agencies ("Đảng ủy Khối ..."), emulation guidance.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PLACES = ("huyện Đông Sơn", "huyện Tân Phú", "thị xã Phước Long", "huyện Yên Lạc",
          "thành phố Bảo Lộc", "huyện Hòa An", "xã Minh Tân", "phường Quang Trung",
          "huyện Lộc Ninh", "xã Thạch Lập", "huyện Ninh Sơn", "thị trấn Nước Hai")
UNITS = ("Sở Kế hoạch và Đầu tư", "Sở Giao thông vận tải", "Sở Y tế", "Sở Giáo dục và Đào tạo",
         "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn",
         "Sở Thông tin và Truyền thông", "Sở Công Thương", "Sở Xây dựng",
         "Sở Lao động - Thương binh và Xã hội", "Ban Quản lý các khu công nghiệp",
         "Trung tâm Phục vụ hành chính công")
PEOPLE = ("Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Minh Tuấn", "Phạm Thu Hà", "Hoàng Đức Long",
          "Vũ Thị Hồng", "Đặng Quốc Bảo", "Bùi Thanh Sơn", "Đỗ Thị Mai", "Ngô Văn Toàn")
ROLES = ("Phó Chủ tịch UBND tỉnh", "Giám đốc Sở", "Phó Giám đốc Sở", "Chủ tịch UBND huyện",
         "Trưởng phòng Tổng hợp", "Bí thư Huyện ủy")

# (title patterns, sentence patterns) per topic; {place} {unit} {person} {role} {n} {m} {pct}
TOPICS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("{place} ra quân làm đường giao thông nông thôn năm {year}",
      "Hoàn thành {n} km đường bê tông liên thôn tại {place}"),
     ("Từ đầu năm, {place} đã huy động nhân dân hiến {m} m2 đất để mở rộng mặt đường.",
      "Tổng kinh phí thực hiện khoảng {n} tỷ đồng, trong đó nhân dân đóng góp {pct}%.",
      "Các tuyến đường mới giúp việc đi lại và vận chuyển nông sản thuận lợi hơn.",
      "Ông {person}, {role}, đề nghị các thôn tiếp tục duy tu, bảo dưỡng mặt đường sau mùa mưa.")),
    (("Tiêm chủng mở rộng cho trẻ em tại {place}",
      "{unit} kiểm tra công tác phòng chống dịch bệnh mùa hè"),
     ("Trong tháng, ngành y tế đã tiêm cho {m} trẻ dưới 5 tuổi, đạt {pct}% kế hoạch.",
      "Các trạm y tế xã được bổ sung tủ lạnh bảo quản vắc xin và sổ theo dõi điện tử.",
      "Đoàn công tác lưu ý việc giám sát ca bệnh và truyền thông tới từng hộ gia đình.",
      "Bà {person} cho biết sẽ mở thêm {n} điểm tiêm lưu động ở các thôn vùng sâu.")),
    (("Khai giảng lớp bồi dưỡng kỹ năng số cho cán bộ cấp xã",
      "{unit} đẩy mạnh chuyển đổi số trong giải quyết thủ tục"),
     ("Lớp học có {m} học viên là công chức văn phòng - thống kê của các xã, phường.",
      "Học viên được hướng dẫn sử dụng chữ ký số, hệ thống quản lý văn bản và dịch vụ công.",
      "Tỷ lệ hồ sơ trực tuyến toàn trình của đơn vị đã đạt {pct}% trong quý.",
      "Ông {person}, {role}, yêu cầu mỗi cán bộ thành thạo ít nhất {n} ứng dụng dùng chung.")),
    (("Năm học mới ở {place}: {n} phòng học được xây mới",
      "Tổng kết năm học, {unit} biểu dương giáo viên dạy giỏi"),
     ("Tổng số học sinh đầu cấp năm nay là {m} em, tăng so với năm trước.",
      "Nhiều trường đã hoàn thành sửa chữa bàn ghế, nhà vệ sinh và thư viện trước ngày khai giảng.",
      "Tỷ lệ trường đạt chuẩn quốc gia của địa phương đạt {pct}%.",
      "Bà {person} đề nghị các nhà trường chú trọng an toàn giao thông cho học sinh.")),
    (("Nông dân {place} thu hoạch lúa vụ Hè Thu",
      "Mô hình trồng cây ăn quả hữu cơ cho thu nhập {n} triệu đồng mỗi ha"),
     ("Năng suất bình quân ước đạt {n} tạ/ha, cao hơn vụ trước.",
      "Hợp tác xã đã ký hợp đồng bao tiêu {m} tấn sản phẩm với doanh nghiệp chế biến.",
      "Cán bộ khuyến nông hướng dẫn bà con làm đất, xử lý rơm rạ sau thu hoạch.",
      "Ông {person}, {role}, cho biết địa phương sẽ mở rộng diện tích liên kết thêm {pct}%.")),
    (("{unit} tiếp nhận {n} dự án đầu tư mới",
      "Hội nghị xúc tiến đầu tư vào {place}"),
     ("Tổng vốn đăng ký của các dự án đạt khoảng {m} tỷ đồng.",
      "Nhà đầu tư quan tâm đến hạ tầng, logistics và chế biến nông sản.",
      "Tỉnh cam kết rút ngắn {pct}% thời gian giải quyết thủ tục đầu tư.",
      "Ông {person}, {role}, đề nghị các sở, ngành phối hợp chặt chẽ trong giải phóng mặt bằng.")),
    (("Trao {n} căn nhà tình nghĩa cho hộ nghèo tại {place}",
      "Chăm lo Tết cho người có công và hộ khó khăn"),
     ("Mỗi căn nhà có tổng kinh phí khoảng {m} triệu đồng từ nguồn vận động xã hội.",
      "Các gia đình được hỗ trợ thêm vật dụng sinh hoạt và cây giống.",
      "Tỷ lệ hộ nghèo của địa phương đã giảm còn {pct}%.",
      "Bà {person}, {role}, cảm ơn các nhà hảo tâm đã đồng hành cùng địa phương.")),
    (("Lễ hội văn hóa truyền thống {place} năm {year}",
      "Khánh thành nhà văn hóa thôn tại {place}"),
     ("Chương trình thu hút khoảng {m} lượt người dân và du khách tham gia.",
      "Nhiều trò chơi dân gian, hát then, múa xòe được phục dựng và trình diễn.",
      "Địa phương dành {n} tỷ đồng cho việc bảo tồn di tích trong năm nay.",
      "Ông {person} mong muốn mỗi thôn đều có đội văn nghệ hoạt động thường xuyên.")),
    (("Ra quân thu gom rác thải nhựa ở {place}",
      "{unit} kiểm tra việc xử lý nước thải tại các cơ sở sản xuất"),
     ("Trong buổi ra quân đã thu gom {n} tấn rác thải các loại.",
      "Địa phương đặt thêm {m} thùng phân loại rác tại khu dân cư và chợ.",
      "Qua kiểm tra, {pct}% cơ sở đã lắp đặt hệ thống xử lý đạt chuẩn.",
      "Ông {person}, {role}, yêu cầu xử lý nghiêm các trường hợp xả thải trái phép.")),
    (("Tiếp công dân định kỳ tháng {month}",
      "UBND tỉnh họp phiên thường kỳ tháng {month} năm {year}"),
     ("Tại buổi làm việc, lãnh đạo tỉnh đã tiếp {n} lượt công dân với {m} vụ việc.",
      "Phần lớn kiến nghị liên quan đến đất đai, bồi thường và giải phóng mặt bằng.",
      "Đến nay, {pct}% kiến nghị đã được giải quyết dứt điểm.",
      "Ông {person}, {role}, giao các sở, ngành trả lời bằng văn bản trong thời hạn quy định.")),
    (("Giải chạy việt dã {place} mở rộng năm {year}",
      "Đội tuyển bóng chuyền của tỉnh giành huy chương tại giải khu vực"),
     ("Giải đấu có {m} vận động viên đến từ các huyện, thị xã tham gia.",
      "Ban tổ chức trao {n} bộ huy chương cho các nội dung thi.",
      "Phong trào rèn luyện thân thể được duy trì ở {pct}% thôn, tổ dân phố.",
      "Ông {person} cho biết giải sẽ được tổ chức thường niên.")),
    (("Diễn tập khu vực phòng thủ {place} năm {year}",
      "Huấn luyện dân quân tự vệ năm {year}"),
     ("Cuộc diễn tập huy động {m} lượt cán bộ, chiến sĩ và dân quân tham gia.",
      "Các tình huống được xây dựng sát thực tế, bảo đảm an toàn tuyệt đối.",
      "Kết quả kiểm tra, {pct}% nội dung đạt khá, giỏi.",
      "Ông {person}, {role}, ghi nhận tinh thần trách nhiệm của các lực lượng.")),
)

NEAR: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("{unit} đón nhận Huân chương Lao động hạng Ba",
     ("Sáng {day}, {unit} tổ chức lễ đón nhận Huân chương Lao động hạng Ba của Chủ tịch nước.",
      "Trong 5 năm qua, đơn vị hoàn thành xuất sắc nhiệm vụ, nhiều chỉ tiêu vượt kế hoạch.",
      "Dịp này, {n} tập thể và {m} cá nhân được tặng Bằng khen của Chủ tịch UBND tỉnh.")),
    ("Đảng ủy Khối các cơ quan tỉnh sơ kết công tác xây dựng Đảng",
     ("Ngày {day}, Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị sơ kết công tác 6 tháng.",
      "Toàn Đảng bộ Khối đã kết nạp {n} đảng viên mới, đạt {pct}% chỉ tiêu.",
      "Hội nghị triển khai nhiệm vụ trọng tâm về kiểm tra, giám sát và công tác cán bộ.")),
    ("Phát động phong trào thi đua hoàn thành các chỉ tiêu kinh tế - xã hội năm {year}",
     ("UBND tỉnh phát động phong trào thi đua yêu nước trong toàn tỉnh năm {year}.",
      "Các sở, ngành, địa phương được yêu cầu cụ thể hóa nội dung thi đua thành chỉ tiêu.",
      "Việc sơ kết, khen thưởng thực hiện kịp thời, đúng người, đúng thành tích.")),
    ("Hướng dẫn xét tặng danh hiệu Chiến sĩ thi đua cơ sở năm {year}",
     ("Sở Nội vụ ban hành hướng dẫn hồ sơ, thủ tục xét tặng danh hiệu thi đua năm {year}.",
      "Tỷ lệ Chiến sĩ thi đua cơ sở không vượt quá {pct}% số Lao động tiên tiến.",
      "Hồ sơ gửi về Ban Thi đua - Khen thưởng trước ngày {n} tháng 12.")),
    ("Biểu dương {n} điển hình tiên tiến tại {place}",
     ("Hội nghị biểu dương điển hình tiên tiến giai đoạn 5 năm được tổ chức ngày {day}.",
      "Các tập thể, cá nhân được biểu dương có nhiều sáng kiến trong sản xuất và công tác.",
      "Ông {person}, {role}, trao Giấy khen cho {m} tập thể, cá nhân.")),
    ("Tập huấn nghiệp vụ thi đua, khen thưởng cho cán bộ cấp xã",
     ("Lớp tập huấn có {m} học viên phụ trách công tác thi đua, khen thưởng các xã, phường.",
      "Học viên được giới thiệu Luật Thi đua, khen thưởng và các nghị định hướng dẫn.",
      "Đơn vị sẽ kiểm tra việc thực hiện tại {n} xã trong quý tới.")),
)

DOCS = ("Quyết định số {n}/QĐ-UBND về việc phê duyệt kế hoạch {thing}",
        "Kế hoạch số {n}/KH-UBND triển khai {thing} năm {year}",
        "Công văn số {n}/UBND-KT về việc tăng cường {thing}",
        "Thông báo số {n}/TB-UBND kết luận của lãnh đạo UBND tỉnh về {thing}")
THINGS = ("đầu tư công trung hạn", "phòng chống thiên tai", "cải cách hành chính",
          "chuyển đổi số", "bảo vệ rừng", "an toàn thực phẩm", "quản lý chợ nông thôn",
          "phát triển du lịch cộng đồng", "cấp nước sinh hoạt", "đào tạo nghề")


@dataclass(frozen=True)
class Text:
    """A written page: title, lead and body paragraphs."""

    title: str
    lead: str
    paragraphs: tuple[str, ...]


def _slots(rng: random.Random, year: int, month: int, day: str) -> dict[str, object]:
    return {"place": rng.choice(PLACES), "unit": rng.choice(UNITS), "person": rng.choice(PEOPLE),
            "role": rng.choice(ROLES), "n": rng.randint(3, 60), "m": rng.randint(80, 4000),
            "pct": rng.randint(12, 98), "year": year, "month": month, "day": day,
            "thing": rng.choice(THINGS)}


def filler(seed: str, year: int, month: int, day: str) -> Text:
    """A general news article (no bloc, no emulation words)."""
    rng = random.Random(seed)
    titles, sentences = rng.choice(TOPICS)
    slots = _slots(rng, year, month, day)
    order = list(sentences)
    paragraphs = []
    for k in range(rng.randint(3, 5)):
        rng.shuffle(order)
        slots = _slots(rng, year, month, day) | {"place": slots["place"], "unit": slots["unit"]}
        paragraphs.append(" ".join(s.format(**slots) for s in order[: 2 + k % 2]))
    return Text(rng.choice(titles).format(**slots), paragraphs[0], tuple(paragraphs[1:]))


def near_miss(seed: str, year: int, month: int, day: str) -> Text:
    """An emulation or award story that is not bloc news."""
    rng = random.Random(seed)
    title, sentences = rng.choice(NEAR)
    slots = _slots(rng, year, month, day)
    body = [s.format(**slots) for s in sentences]
    body.append(filler(seed + ":tail", year, month, day).paragraphs[0])
    return Text(title.format(**slots), body[0], tuple(body[1:]))


def document(seed: str, year: int, month: int, day: str) -> Text:
    """A "Văn bản" entry: a document's number, subject and a short summary."""
    rng = random.Random(seed)
    slots = _slots(rng, year, month, day)
    title = rng.choice(DOCS).format(**slots)
    return Text(title, f"Ngày ban hành: {day}. Cơ quan ban hành: UBND tỉnh.",
                (f"Trích yếu: {title}.", "Hiệu lực: kể từ ngày ký. Tình trạng: còn hiệu lực.",
                 "Tệp đính kèm: văn bản điện tử có chữ ký số."))


def static_page(label: str, owner: str) -> Text:
    """Giới thiệu, Thủ tục hành chính, Liên hệ: a short fixed page."""
    return Text(label, f"{label} - {owner}.",
                (f"Trang {label.lower()} của {owner} cung cấp thông tin chính thức cho người dân "
                 "và doanh nghiệp.",
                 "Mọi ý kiến góp ý xin gửi về bộ phận quản trị cổng thông tin điện tử."))
