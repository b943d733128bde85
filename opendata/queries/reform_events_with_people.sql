-- title: Sự kiện CCHC và người tham dự / Reform events and their people
-- description: Mỗi dòng một người chủ trì hoặc dự một sự kiện cải cách hành chính, kèm tin bài. Lọc theo mức độ về CCHC (focus: core — sự kiện về CCHC, item — CCHC là một nội dung, mention — chỉ nhắc đến), để trống là tất cả. / One row per person who chaired or attended a reform event, with its article. Filter by how central reform is (focus: core — the event is about reform, item — reform is one item of its agenda, mention — only mentioned), blank for all.
select reform_events.event_date, reform_events.part_of_day, reform_events.title as event, reform_events.organiser,
       reform_events.reform_focus,
       event_people.participation, event_people.name, event_people.role, news.title as article, news.id as news_id
from reform_events
join event_people on event_people.event_id = reform_events.id
join news on news.id = reform_events.news_id
where :focus = '' or reform_events.reform_focus = :focus
order by reform_events.event_date desc, reform_events.id, event_people.seq
