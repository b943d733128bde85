-- title: Sự kiện CCHC theo đơn vị và năm / Reform events by unit and year
-- description: Mỗi dòng một đơn vị tổ chức trong một năm: số sự kiện, số nội dung và tên các sự kiện; lọc theo mã thống kê đơn vị (thời kỳ bất kỳ) và năm, để trống là tất cả. Lọc theo mức độ về CCHC (focus: core — sự kiện về CCHC, item — CCHC là một nội dung, mention — chỉ nhắc đến), để trống là tất cả. / One row per organising unit and year: events, findings and event titles; filter by unit statistics code (either era) and year, blank for all. Filter by how central reform is (focus: core — the event is about reform, item — reform is one item of its agenda, mention — only mentioned), blank for all.
select reform_events.event_year as year, reform_events.organiser_unit_id as unit_id, units.code as unit_code,
       coalesce(units.name, reform_events.organiser) as unit, units.era,
       count(*) as events,
       sum((select count(*) from event_findings where event_findings.event_id = reform_events.id)) as findings,
       group_concat(reform_events.title, ' | ') as event_titles
from reform_events
left join units on units.id = reform_events.organiser_unit_id
where (:unit_code = '' or units.code = :unit_code)
  and (:year = '' or reform_events.event_year = cast(:year as integer))
  and (:focus = '' or reform_events.reform_focus = :focus)
group by reform_events.event_year, reform_events.organiser_unit_id, coalesce(units.name, reform_events.organiser)
order by reform_events.event_year desc, events desc, unit
