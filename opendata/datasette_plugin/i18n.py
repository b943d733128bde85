"""The site's words in Vietnamese (first) and English, and which one a request wants.

`?lang=en` (or `vi`) on any page of ours chooses, and a cookie keeps the choice.
Bilingual texts of the package ("tiếng Việt / English") are split by `pick`.
"""

from __future__ import annotations

LANGS = ("vi", "en")
COOKIE = "opendata_lang"

WORDS = {
    "vi": {
        "site": "Dữ liệu mở tin tức xã và cải cách hành chính",
        "home": "Trang chủ",
        "search": "Tìm kiếm",
        "search_placeholder": "Ví dụ: cai cach hanh chinh long mon, UBND, hòa bình…",
        "search_button": "Tìm",
        "search_hint": "Gõ có dấu hoặc không dấu; chữ viết tắt (UBND, CCHC, TTHC…) cũng được. "
                       "Đặt cụm từ trong dấu ngoặc kép để tìm đúng cụm.",
        "examples": "Thử",
        "latest": "Tin mới nhất",
        "tables": "Bảng dữ liệu",
        "rows": "dòng",
        "download_csv": "Tải CSV",
        "json": "JSON",
        "licence": "Giấy phép",
        "attribution": "Ghi nguồn",
        "sources": "Nguồn",
        "sql": "Truy vấn SQL",
        "canned": "Truy vấn có sẵn",
        "results_count": "{n} kết quả",
        "no_results": "Không tìm thấy bài viết nào cho “{q}”.",
        "no_results_tips": "Thử bỏ bớt từ, bỏ bộ lọc, hoặc gõ không dấu.",
        "empty_query": "Nhập từ cần tìm vào ô phía trên.",
        "did_you_mean": "Có phải bạn muốn tìm",
        "sort": "Sắp xếp",
        "sort_relevance": "Phù hợp nhất",
        "sort_newest": "Mới nhất",
        "facet_province": "Tỉnh/thành",
        "facet_unit": "Đơn vị",
        "facet_year": "Năm",
        "facet_area": "Lĩnh vực CCHC",
        "filters": "Đang lọc",
        "remove_filter": "Bỏ lọc",
        "from": "Từ ngày",
        "to": "Đến ngày",
        "prev": "« Trang trước",
        "next": "Trang sau »",
        "page": "Trang",
        "download_results": "Tải kết quả",
        "index_missing": "Chưa có chỉ mục tìm kiếm. Chạy `opendata serve` hoặc `opendata index`.",
        "published": "Đăng lúc",
        "views": "lượt xem",
        "unit": "Đơn vị",
        "now": "nay là",
        "now_part": "nay một phần thuộc",
        "since": "từ {date}",
        "author": "Tác giả",
        "source_link": "Xem bài gốc",
        "publisher": "Cổng thông tin",
        "owner": "Cơ quan chủ quản",
        "phone": "Điện thoại",
        "email": "Thư điện tử",
        "event": "Sự kiện cải cách hành chính",
        "event_date": "Thời gian",
        "organiser": "Đơn vị tổ chức",
        "year_reviewed": "Năm đánh giá",
        "plan_year": "Năm kế hoạch",
        "people": "Thành phần",
        "chair": "Chủ trì",
        "attendee": "Dự",
        "findings": "Nội dung",
        "kind_result": "Kết quả",
        "kind_limitation": "Tồn tại, hạn chế",
        "kind_task": "Nhiệm vụ",
        "areas": "Lĩnh vực",
        "provenance_curated": "nhập tay, đã kiểm tra",
        "provenance_extracted": "trích tự động",
        "data_row": "Dòng dữ liệu",
        "not_found": "Không có bài viết này.",
        "language": "English",
        "about": "Giới thiệu",
        "api": "API cho lập trình viên",
    },
    "en": {
        "site": "Open data: commune news and administrative reform",
        "home": "Home",
        "search": "Search",
        "search_placeholder": "E.g. cai cach hanh chinh long mon, UBND, hòa bình…",
        "search_button": "Search",
        "search_hint": "Type with or without Vietnamese diacritics; abbreviations (UBND, CCHC, TTHC…) work too. "
                       "Put a phrase in double quotes to match it exactly.",
        "examples": "Try",
        "latest": "Latest articles",
        "tables": "Tables",
        "rows": "rows",
        "download_csv": "Download CSV",
        "json": "JSON",
        "licence": "Licence",
        "attribution": "Attribution",
        "sources": "Sources",
        "sql": "SQL query",
        "canned": "Ready-made queries",
        "results_count": "{n} results",
        "no_results": "No article found for “{q}”.",
        "no_results_tips": "Try fewer words, fewer filters, or typing without diacritics.",
        "empty_query": "Type what you are looking for in the box above.",
        "did_you_mean": "Did you mean",
        "sort": "Sort",
        "sort_relevance": "Best match",
        "sort_newest": "Newest",
        "facet_province": "Province",
        "facet_unit": "Unit",
        "facet_year": "Year",
        "facet_area": "Reform area",
        "filters": "Filtered by",
        "remove_filter": "Remove filter",
        "from": "From",
        "to": "To",
        "prev": "« Previous",
        "next": "Next »",
        "page": "Page",
        "download_results": "Download results",
        "index_missing": "No search index yet. Run `opendata serve` or `opendata index`.",
        "published": "Published",
        "views": "views",
        "unit": "Unit",
        "now": "now",
        "now_part": "now partly in",
        "since": "since {date}",
        "author": "Author",
        "source_link": "Original article",
        "publisher": "Portal",
        "owner": "Owner",
        "phone": "Phone",
        "email": "Email",
        "event": "Administrative-reform event",
        "event_date": "When",
        "organiser": "Organiser",
        "year_reviewed": "Year reviewed",
        "plan_year": "Plan year",
        "people": "People",
        "chair": "Chair",
        "attendee": "Attended",
        "findings": "Findings",
        "kind_result": "Results",
        "kind_limitation": "Limitations",
        "kind_task": "Tasks",
        "areas": "Areas",
        "provenance_curated": "curated by hand",
        "provenance_extracted": "extracted automatically",
        "data_row": "Data row",
        "not_found": "No such article.",
        "language": "Tiếng Việt",
        "about": "About",
        "api": "API for developers",
    },
}
PART_OF_DAY = {"en": {"sáng": "morning", "chiều": "afternoon", "tối": "evening", "trưa": "noon"}}


def choose(request) -> tuple[str, bool]:
    """The language for this request, and whether the request chose it just now."""
    asked = request.args.get("lang", "")
    if asked in LANGS:
        return asked, True
    kept = request.cookies.get(COOKIE, "")
    return (kept if kept in LANGS else "vi"), False


def pick(text: str, lang: str) -> str:
    """One language of a bilingual "tiếng Việt / English" text (the whole text if not bilingual)."""
    parts = (text or "").split(" / ", 1)
    if len(parts) == 2:
        return parts[0] if lang == "vi" else parts[1]
    return text or ""
