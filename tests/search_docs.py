"""A small collection of articles written for the search tests (our own text)."""

from __future__ import annotations

from datetime import datetime

from opendata.search import Doc


def doc(id, title, body, *, when="2024-05-01T08:00:00+07:00", unit=("pre2025-21358", "21358", "Xã Long Môn"),
        province=("pre2025-51", "Tỉnh Quảng Ngãi"), areas=(), lead="", places=None) -> Doc:
    ts = datetime.fromisoformat(when)
    return Doc(id=id, title=title, lead=lead, body=body, url=f"https://xa.example.gov.vn/tin-tuc/{id}.html",
               published_at=when, ts=int(ts.timestamp()), year=ts.year, unit_id=unit[0], unit_code=unit[1],
               unit_name=unit[2], province_id=province[0], province_name=province[1],
               places=list(places or [unit[0], province[0]]), areas=list(areas),
               place_names=f"{unit[2]} {province[1]}")


MINH_LONG = ("2025-21361", "21361", "Xã Minh Long")
QN_2025 = ("2025-51", "Tỉnh Quảng Ngãi")
HIEP_DUC = ("pre2025-20500", "20500", "Xã Hiệp Đức")
QUANG_NAM = ("pre2025-49", "Tỉnh Quảng Nam")

DOCS = [
    doc("cchc-long-mon", "Hội nghị đánh giá công tác cải cách hành chính năm 2023 của xã Long Môn",
        "Sáng ngày 28/3/2024, UBND xã Long Môn tổ chức hội nghị đánh giá công tác cải cách hành chính. "
        "Đồng chí Đinh Trung Hiếu, Chủ tịch UBND xã, chủ trì hội nghị.\n\n"
        "Hội nghị chỉ ra hạn chế: việc tự kiểm tra chưa thường xuyên.",
        areas=("chi-dao-dieu-hanh",), when="2024-04-08T16:06:00+07:00"),
    doc("ban-dat", "Người dân xã Long Môn bán đất cho dự án",
        "Nhiều hộ dân đã bán đất cho dự án thủy lợi. Việc bán đất được chính quyền hướng dẫn."),
    doc("ban-chi-dao", "Ban chỉ đạo phòng chống thiên tai họp phiên thường kỳ",
        "Ban chỉ đạo của huyện đã họp. Trưởng ban yêu cầu các thành viên trong ban chuẩn bị phương án."),
    doc("ban-ghe", "Trường học nhận bàn ghế mới",
        "Nhà trường nhận hai trăm bộ bàn ghế. Học sinh vui mừng với bàn học mới."),
    doc("hoa-binh-cu", "Tỉnh Hòa Bình tổ chức lễ hội văn hóa",
        "Lễ hội ở Hòa Bình thu hút nhiều du khách.", when="2023-02-01T09:00:00+07:00"),
    doc("hoa-binh-moi", "Huyện Thuỷ Nguyên xây dựng kênh thuỷ lợi",
        "Công trình thuỷ lợi giúp người dân khoẻ mạnh hơn nhờ nước sạch; Uỷ ban nhân dân huyện giám sát.",
        when="2023-03-01T09:00:00+07:00"),
    doc("mot-cua", "Bộ phận một cửa xã Minh Long giải quyết thủ tục hành chính đúng hạn",
        "Từ ngày 1/7/2025, bộ phận tiếp nhận và trả kết quả một cửa của xã Minh Long tiếp nhận hồ sơ "
        "thủ tục hành chính. Dịch vụ công trực tuyến được người dân sử dụng nhiều.",
        unit=MINH_LONG, province=QN_2025, areas=("tthc", "chinh-phu-so"), when="2025-08-15T10:00:00+07:00",
        places=["2025-21361", "2025-51"]),
    doc("an-ninh", "Đảm bảo an ninh trật tự dịp Tết",
        "Công an xã tăng cường tuần tra, giữ vững an ninh trật tự ở khu dân cư.",
        unit=HIEP_DUC, province=QUANG_NAM, when="2024-01-20T07:30:00+07:00"),
    doc("long-an", "Đoàn công tác tỉnh Long An thăm xã",
        "Đoàn công tác của tỉnh Long An đến trao đổi kinh nghiệm xây dựng nông thôn mới.",
        unit=HIEP_DUC, province=QUANG_NAM, when="2022-06-01T07:30:00+07:00"),
    doc("y-kien", "Lấy ý kiến nhân dân về dự thảo quy hoạch",
        "Người dân ở thôn 3 góp ý kiến về quy hoạch; ý kiến được tổng hợp gửi Hội đồng nhân dân xã."),
    doc("to-lon", "Thành tựu to lớn của phong trào xây dựng nông thôn mới",
        "Phong trào đã mang lại kết quả to lớn cho kinh tế - xã hội của địa phương."),
    doc("kt-xh", "Báo cáo tình hình KT-XH 6 tháng đầu năm",
        "Tình hình KT-XH tiếp tục ổn định; HĐND xã thông qua nghị quyết.",
        when="2024-07-05T14:00:00+07:00"),
]
