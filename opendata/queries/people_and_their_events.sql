-- title: Người chủ trì, dự các sự kiện CCHC / People and the reform events they chaired or attended
-- description: Mỗi dòng một người (tên và chức vụ): số sự kiện chủ trì, dự, phát biểu và tên các sự kiện; lọc theo tên (không dấu cũng được), để trống là tất cả. Lọc theo mức độ về CCHC (focus: core — sự kiện về CCHC, item — CCHC là một nội dung, mention — chỉ nhắc đến), để trống là tất cả. / One row per person (name and role): events chaired, attended, spoken at, and their titles; filter by name (diacritics optional), blank for all. Filter by how central reform is (focus: core — the event is about reform, item — reform is one item of its agenda, mention — only mentioned), blank for all.
select event_people.name, event_people.role, event_people.is_group,
       count(distinct event_people.event_id) as events,
       count(distinct case when event_people.participation = 'chair' then event_people.event_id end) as chaired,
       count(distinct case when event_people.participation = 'attendee' then event_people.event_id end) as attended,
       count(distinct case when event_people.participation = 'speaker' then event_people.event_id end) as spoke,
       min(reform_events.event_date) as first_date, max(reform_events.event_date) as last_date,
       group_concat(reform_events.event_date || ' ' || reform_events.title, ' | ') as event_titles
from event_people
join reform_events on reform_events.id = event_people.event_id
where (:name = '' or vn_fold(event_people.name) like '%' || vn_fold(:name) || '%')
  and (:focus = '' or reform_events.reform_focus = :focus)
group by event_people.name, coalesce(event_people.role, '')
order by chaired desc, events desc, event_people.name collate vn
limit 1000
