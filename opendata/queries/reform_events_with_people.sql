-- title: Sự kiện CCHC và người tham dự / Reform events and their people
-- description: Mỗi dòng một người chủ trì hoặc dự một sự kiện cải cách hành chính, kèm tin bài. / One row per person who chaired or attended a reform event, with its article.
select reform_events.event_date, reform_events.part_of_day, reform_events.title as event, reform_events.organiser,
       event_people.participation, event_people.name, event_people.role, news.title as article, news.id as news_id
from reform_events
join event_people on event_people.event_id = reform_events.id
join news on news.id = reform_events.news_id
order by reform_events.event_date desc, reform_events.id, event_people.seq
