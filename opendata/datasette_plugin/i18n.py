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
        "csv_note": "Tệp CSV mã hóa UTF-8 có BOM: mở thẳng bằng Excel, giữ nguyên tiếng Việt.",
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
        "suggest_list": "Gợi ý",
        "suggest_phrase": "Cụm từ",
        "suggest_title": "Bài viết",
        "suggest_unit": "Đơn vị",
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
        "speaker": "Phát biểu",
        "people_chair": "Chủ trì",
        "people_speaker": "Phát biểu",
        "people_attendee": "Tham dự",
        "group": "tập thể",
        "positions": "Chức vụ",
        "source_sentence": "Câu gốc trong bài",
        "event_kind": "Loại sự kiện",
        "provenance": "Nguồn gốc",
        "article": "Bài viết",
        "read_article": "Đọc bài viết",
        "event_page": "Trang sự kiện",
        "event_not_found": "Không có sự kiện này.",
        "reform": "Cải cách hành chính",
        "reform_title": "Cải cách hành chính qua tin tức xã",
        "reform_lead": "Các sự kiện cải cách hành chính (hội nghị, cuộc họp, kiểm tra…) mà tin bài thuật lại, "
                      "cùng kết quả, tồn tại, hạn chế và nhiệm vụ được nêu, xếp theo lĩnh vực cải cách "
                      "(Nghị quyết 76/NQ-CP) và năm diễn ra sự kiện.",
        "reform_link": "Sự kiện cải cách hành chính theo lĩnh vực và năm",
        "chart_title": "Sự kiện và nội dung theo lĩnh vực cải cách hành chính và năm",
        "chart_desc": "Biểu đồ thanh: với mỗi lĩnh vực và mỗi năm, số sự kiện có nội dung thuộc lĩnh vực "
                      "và số nội dung (kết quả, hạn chế, nhiệm vụ). Bảng bên dưới có cùng các số liệu.",
        "chart_empty": "Chưa có dữ liệu",
        "series_events": "sự kiện",
        "series_findings": "nội dung",
        "year": "Năm",
        "events": "Sự kiện",
        "findings_count": "Nội dung",
        "all_areas": "Tất cả lĩnh vực",
        "area_filter": "Lĩnh vực",
        "area_not_found": "Không có lĩnh vực này.",
        "focus_filter": "Mức độ về CCHC",
        "all_focus": "Tất cả",
        "focus_not_found": "Không có mức độ này (core, item hoặc mention).",
        "events_list": "Các sự kiện, mới nhất trước",
        "no_events": "Chưa có sự kiện nào.",
        "explore": "Xem và lọc dữ liệu",
        "facets_events": "Bảng sự kiện, lọc theo loại, năm, đơn vị, nguồn gốc",
        "facets_findings": "Bảng nội dung, lọc theo loại và lĩnh vực",
        "facets_people": "Bảng thành phần tham dự, lọc theo vai trò",
        "table_numbers": "Số liệu của biểu đồ",
        "findings": "Nội dung",
        "kind_result": "Kết quả",
        "kind_limitation": "Tồn tại, hạn chế",
        "kind_task": "Nhiệm vụ",
        "areas": "Lĩnh vực",
        "provenance_curated": "do người biên tập nhập",
        "provenance_extracted": "trích tự động",
        "data_row": "Dòng dữ liệu",
        "not_found": "Không có bài viết này.",
        "language": "English",
        "era_pre2025": "trước 1/7/2025",
        "era_2025": "từ 1/7/2025",
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
        "csv_note": "CSV files are UTF-8 with a byte-order mark: Excel opens them with Vietnamese intact.",
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
        "suggest_list": "Suggestions",
        "suggest_phrase": "Phrase",
        "suggest_title": "Article",
        "suggest_unit": "Unit",
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
        "speaker": "Spoke",
        "people_chair": "Chaired by",
        "people_speaker": "Speakers",
        "people_attendee": "Attended by",
        "group": "group",
        "positions": "Positions",
        "source_sentence": "Source sentence in the article",
        "event_kind": "Kind of event",
        "provenance": "Provenance",
        "article": "Article",
        "read_article": "Read the article",
        "event_page": "Event page",
        "event_not_found": "No such event.",
        "reform": "Administrative reform",
        "reform_title": "Administrative reform in commune news",
        "reform_lead": "Administrative-reform events (conferences, meetings, inspections…) that articles report, "
                      "with the results, limitations and tasks stated, by reform area (Government Resolution "
                      "76/NQ-CP) and year of the event.",
        "reform_link": "Administrative-reform events by area and year",
        "chart_title": "Events and findings by administrative-reform area and year",
        "chart_desc": "Bar chart: for each area and year, the events with findings in the area and the "
                      "findings (results, limitations, tasks). The table below has the same numbers.",
        "chart_empty": "No data yet",
        "series_events": "events",
        "series_findings": "findings",
        "year": "Year",
        "events": "Events",
        "findings_count": "Findings",
        "all_areas": "All areas",
        "area_filter": "Area",
        "area_not_found": "No such area.",
        "focus_filter": "How central reform is",
        "all_focus": "All",
        "focus_not_found": "No such focus (core, item or mention).",
        "events_list": "Events, newest first",
        "no_events": "No events yet.",
        "explore": "Browse and filter the data",
        "facets_events": "Events table, filter by kind, year, unit, provenance",
        "facets_findings": "Findings table, filter by kind and area",
        "facets_people": "People table, filter by participation",
        "table_numbers": "The chart's numbers",
        "findings": "Findings",
        "kind_result": "Results",
        "kind_limitation": "Limitations",
        "kind_task": "Tasks",
        "areas": "Areas",
        "provenance_curated": "entered by an editor",
        "provenance_extracted": "extracted automatically",
        "data_row": "Data row",
        "not_found": "No such article.",
        "language": "Tiếng Việt",
        "era_pre2025": "before 1 July 2025",
        "era_2025": "from 1 July 2025",
        "about": "About",
        "api": "API for developers",
    },
}
# The units lookup page (units_page.py), the search page's last-page link and the phone layout.
WORDS["vi"].update({
    "units": "Tra cứu đơn vị",
    "units_title": "Tra cứu xã, phường, huyện, tỉnh trước và sau 1/7/2025",
    "units_lead": "Gõ tên cũ hoặc mới của xã, phường, đặc khu, huyện hay tỉnh, có dấu hoặc không dấu "
                  "(hoặc mã đơn vị): xem đơn vị thuộc thời kỳ nào, đã nhập vào đâu hay được hợp thành từ "
                  "những đơn vị nào, thuộc tỉnh nào trước và sau, và tin bài của đơn vị.",
    "units_placeholder": "Ví dụ: long mon, Minh Long, 21358",
    "units_link": "Tra cứu đơn vị hành chính trước và sau 1/7/2025 (gõ không dấu cũng được)",
    "units_examples": "Thử",
    "units_found": "{n} đơn vị khớp",
    "units_more": "Chỉ hiện {shown} đơn vị đầu; gõ thêm tên huyện hoặc tỉnh để thu hẹp.",
    "units_none": "Không tìm thấy đơn vị nào cho “{q}”.",
    "units_none_tips": "Thử gõ tên ngắn (Long Môn), không dấu, hoặc mã đơn vị (21358).",
    "units_empty": "Nhập tên hoặc mã đơn vị vào ô phía trên.",
    "level_province": "cấp tỉnh",
    "level_district": "cấp huyện",
    "level_commune": "cấp xã",
    "code": "Mã",
    "district_then": "Huyện",
    "province_then": "Tỉnh",
    "existed": "Tồn tại",
    "until": "đến {date}",
    "became": "Từ 1/7/2025 thành",
    "became_none": "Không có ghi nhận đơn vị kế tiếp.",
    "formed_from": "Hợp thành từ",
    "formed_none": "Không có ghi nhận đơn vị trước đó.",
    "whole": "toàn bộ",
    "part": "một phần",
    "province_now": "tỉnh nay",
    "basis": "Căn cứ",
    "unit_news": "Tin bài",
    "unit_no_news": "Chưa có tin bài của đơn vị này.",
    "unit_news_table": "Tất cả tin của đơn vị (bảng dữ liệu)",
    "unit_news_search": "Tìm trong tin của đơn vị",
    "past_last_page": "Trang {page} vượt quá số trang: kết quả chỉ có {last} trang.",
    "past_last_page_link": "Về trang cuối ({last})",
    "show_filters": "Bộ lọc",
    "refused_title": "Yêu cầu không hợp lệ",
    "busy_title": "Máy chủ đang bận",
    "refused_parameter": "Tham số",
    "retry_after": "Vui lòng thử lại sau {n} giây.",
    "refused_next": "Về trang chủ hoặc tìm kiếm",
})
WORDS["en"].update({
    "units": "Find a unit",
    "units_title": "Communes, wards, districts and provinces before and after 1 July 2025",
    "units_lead": "Type an old or new name of a commune, ward, special zone, district or province, with or "
                  "without diacritics (or a unit code): see its era, what it became or what it was formed "
                  "from, its province then and now, and its news.",
    "units_placeholder": "E.g. long mon, Minh Long, 21358",
    "units_link": "Find an administrative unit before and after 1 July 2025 (diacritics optional)",
    "units_examples": "Try",
    "units_found": "{n} matching units",
    "units_more": "Showing the first {shown}; add the district or province name to narrow it down.",
    "units_none": "No unit found for “{q}”.",
    "units_none_tips": "Try the short name (Long Môn), no diacritics, or the unit code (21358).",
    "units_empty": "Type a unit name or code in the box above.",
    "level_province": "province level",
    "level_district": "district level",
    "level_commune": "commune level",
    "code": "Code",
    "district_then": "District",
    "province_then": "Province",
    "existed": "Existed",
    "until": "until {date}",
    "became": "From 1 July 2025 it became",
    "became_none": "No successor recorded.",
    "formed_from": "Formed from",
    "formed_none": "No predecessor recorded.",
    "whole": "whole",
    "part": "part",
    "province_now": "province now",
    "basis": "Basis",
    "unit_news": "News",
    "unit_no_news": "No news of this unit yet.",
    "unit_news_table": "All news of this unit (data table)",
    "unit_news_search": "Search this unit's news",
    "past_last_page": "Page {page} is past the end: the results have {last} pages.",
    "past_last_page_link": "Go to the last page ({last})",
    "show_filters": "Filters",
    "refused_title": "Bad request",
    "busy_title": "The server is busy",
    "refused_parameter": "Parameter",
    "retry_after": "Please try again in {n} seconds.",
    "refused_next": "Go to the home page or search",
})
# Event kinds (reform_events.kind).
KINDS = {
    "vi": {"hoi-nghi": "Hội nghị", "hop": "Cuộc họp", "tap-huan": "Tập huấn, bồi dưỡng",
           "kiem-tra": "Kiểm tra, giám sát", "hoi-thao": "Hội thảo, tọa đàm", "doi-thoai": "Đối thoại", "le": "Lễ", "khac": "Khác"},
    "en": {"hoi-nghi": "Conference", "hop": "Meeting", "tap-huan": "Training", "kiem-tra": "Inspection",
           "hoi-thao": "Workshop", "doi-thoai": "Dialogue", "le": "Ceremony", "khac": "Other"},
}
# reform_events.reform_focus: how central administrative reform is to an event.
FOCUS = {
    "vi": {"core": "Sự kiện về CCHC", "item": "CCHC là một nội dung", "mention": "Có nhắc đến CCHC"},
    "en": {"core": "About reform", "item": "Reform is one item", "mention": "Reform mentioned"},
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


# Datasette's own words on its database, table, row, query and error pages (our template
# overrides pass each through `words(lang)`); Datasette ships no translations of its own.
# English is the key: an English page, or a page of another database, shows them unchanged.
DATASETTE_VI = {
    "Search:": "Tìm:", "- remove filter -": "- bỏ lọc -", "- column -": "- cột -", "Sort...": "Sắp xếp…",
    "Sort by": "Sắp xếp theo", "descending": "giảm dần", "Apply": "Áp dụng", "remove": "bỏ",
    "View and edit SQL": "Xem và sửa SQL", "This data as": "Dữ liệu này dạng", "advanced": "nâng cao",
    "These facets timed out:": "Các nhóm lọc này quá thời gian:", "Next page": "Trang sau",
    "Advanced export": "Xuất dữ liệu nâng cao", "JSON shape:": "Dạng JSON:", "default": "mặc định",
    "array": "mảng", "newline-delimited": "mỗi dòng một bản ghi", "object": "đối tượng",
    "CSV options:": "Tùy chọn CSV:", "download file": "tải tệp", "expand labels": "kèm nhãn",
    "stream all rows": "mọi dòng", "Export CSV": "Xuất CSV", "Table actions": "Thao tác với bảng",
    "(view)": "(khung nhìn)", "0 records": "Không có dòng nào", "0 results": "Không có kết quả",
    "Links from other tables": "Liên kết từ các bảng khác", "from": "từ", "in": "trong",
    "Custom SQL query": "Truy vấn SQL", "returning": "trả về", "more than": "hơn",
    "Format SQL": "Định dạng SQL", "Run SQL": "Chạy SQL", "Edit SQL": "Sửa SQL",
    "Query parameters": "Tham số truy vấn", "Queries": "Truy vấn có sẵn", "Tables": "Bảng", "Views": "Khung nhìn",
    "Many rows": "Nhiều dòng", "hidden": "ẩn", "Suggested facets:": "Gợi ý nhóm lọc:",
    "Powered by": "Chạy trên", "Queries took": "Truy vấn mất", "Data license:": "Giấy phép dữ liệu:",
    "Data source:": "Nguồn dữ liệu:", "About:": "Giới thiệu:", "Error": "Lỗi", "Menu": "Trình đơn",
    "hide": "ẩn", "show": "hiện", "home": "Trang chủ",
    "The following databases are attached to this connection, and can be used for cross-database joins:":
        "Các cơ sở dữ liệu sau được gắn vào kết nối này, có thể nối chéo:",
    # filters.lookups() of the table page's filter form
    "contains": "chứa", "ends with": "kết thúc bằng", "starts with": "bắt đầu bằng", "not in": "không trong",
    "like": "giống (like)", "not like": "không giống (like)", "array contains": "mảng chứa",
    "array does not contain": "mảng không chứa", "date": "ngày", "is null": "rỗng (null)",
    "is not null": "không rỗng (null)", "is blank": "trống", "is not blank": "không trống",
    # Datasette's error messages (the start of the message)
    "Database not found": "Không có cơ sở dữ liệu này", "Table not found": "Không có bảng này",
    "Record not found": "Không có dòng này", "Row not found": "Không có dòng này",
    "Not found": "Không tìm thấy", "Invalid SQL": "SQL không hợp lệ", "Forbidden": "Không được phép",
    "Statement must be a SELECT": "Câu lệnh phải là SELECT",
    "SQL query took too long. The time limit is controlled by the": "Truy vấn SQL chạy quá lâu. Giới hạn thời gian đặt bởi",
}
# Words that begin a longer message of Datasette's (an error naming the table, "Error 404").
_MESSAGE_STARTS = ("Database not found", "Table not found", "Record not found", "Row not found", "Invalid SQL",
                   "Statement must be a SELECT", "SQL query took too long. The time limit is controlled by the",
                   "Forbidden", "Not found", "Error")
# Phrases of Datasette's English description of a filtered table ("where x = 1 sorted by y").
_HUMAN_VI = [("where search matches ", "khớp tìm kiếm "), ("search matches ", "khớp tìm kiếm "),
             (" sorted by ", " sắp xếp theo "), ("sorted by ", "sắp xếp theo "), (" descending", " giảm dần"),
             ("where ", "với "), (" and ", " và "), (" contains ", " chứa "), (" starts with ", " bắt đầu bằng "),
             (" ends with ", " kết thúc bằng "), (" is null", " rỗng"), (" is not null", " không rỗng"),
             (" is blank", " trống"), (" is not blank", " không trống"),
             (" array contains ", " mảng chứa ")]


def words(lang: str):
    """The translating function templates call as `_("Search:")`."""
    if lang != "vi":
        return lambda text: text

    def vi(text: str) -> str:
        text = str(text)
        if text in DATASETTE_VI:
            return DATASETTE_VI[text]
        for english in _MESSAGE_STARTS:                  # "Table not found: x", "Error 404"
            if text.startswith(english):
                return DATASETTE_VI[english] + text[len(english):]
        return text
    return vi


def human(text: str, lang: str) -> str:
    """Datasette's `human_description_en` in the page's language."""
    if lang != "vi" or not text:
        return text or ""
    for english, viet in _HUMAN_VI:
        text = text.replace(english, viet)
    return text


def rows(n, lang: str, unit: str = "row") -> str:
    """"1 row" / "12,345 rows" / "12.345 dòng"."""
    if n is None:
        return ""
    text = f"{n:,}"
    if lang == "vi":
        return text.replace(",", ".") + " " + {"row": "dòng", "table": "bảng"}.get(unit, unit)
    return f"{text} {unit}{'' if n == 1 else 's'}"
