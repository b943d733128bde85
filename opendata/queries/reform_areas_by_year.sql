-- title: Sự kiện và nội dung theo lĩnh vực CCHC và năm / Events and findings by reform area and year
-- description: Mỗi dòng một lĩnh vực cải cách hành chính trong một năm (năm diễn ra sự kiện): số sự kiện có nội dung thuộc lĩnh vực, số nội dung (kết quả, hạn chế, nhiệm vụ); lọc theo mã lĩnh vực, để trống là tất cả. Lọc theo mức độ về CCHC (focus: core — sự kiện về CCHC, item — CCHC là một nội dung, mention — chỉ nhắc đến), để trống là tất cả. / One row per reform area and year (of the event): events with findings in the area, and findings (results, limitations, tasks); filter by area code, blank for all. Filter by how central reform is (focus: core — the event is about reform, item — reform is one item of its agenda, mention — only mentioned), blank for all.
select reform_areas.code as area, reform_areas.name_vi, reform_areas.name_en, reform_events.event_year as year,
       count(distinct reform_events.id) as events,
       count(*) as findings,
       sum(event_findings.kind = 'result') as results,
       sum(event_findings.kind = 'limitation') as limitations,
       sum(event_findings.kind = 'task') as tasks
from event_findings
join json_each(event_findings.areas_list) as area
join reform_areas on reform_areas.code = area.value
join reform_events on reform_events.id = event_findings.event_id
where (:area = '' or reform_areas.code = :area)
  and (:focus = '' or reform_events.reform_focus = :focus)
group by reform_areas.code, reform_events.event_year
order by reform_areas.rowid, reform_events.event_year
