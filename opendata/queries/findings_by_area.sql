-- title: Nội dung theo lĩnh vực CCHC / Findings by reform area
-- description: Kết quả, tồn tại hạn chế và nhiệm vụ nêu tại các sự kiện, mỗi dòng một nội dung trong một lĩnh vực; lọc theo mã lĩnh vực (the-che, tthc, bo-may, cong-vu, tai-chinh-cong, chinh-phu-so, chi-dao-dieu-hanh, tac-dong), để trống là tất cả. Lọc theo mức độ về CCHC (focus: core — sự kiện về CCHC, item — CCHC là một nội dung, mention — chỉ nhắc đến), để trống là tất cả. / Results, limitations and tasks stated at events, one row per finding and area; filter by area code (the-che, tthc, bo-may, cong-vu, tai-chinh-cong, chinh-phu-so, chi-dao-dieu-hanh, tac-dong), blank for all. Filter by how central reform is (focus: core — the event is about reform, item — reform is one item of its agenda, mention — only mentioned), blank for all.
select area.value as area, reform_areas.name_vi as area_name, reform_events.event_date, reform_events.reform_focus,
       event_findings.kind,
       event_findings.text, event_findings.provenance, reform_events.title as event, event_findings.event_id,
       reform_events.news_id
from event_findings
join reform_events on reform_events.id = event_findings.event_id
left join json_each(event_findings.areas_list) as area
left join reform_areas on reform_areas.code = area.value
where (:area = '' or area.value = :area)
  and (:focus = '' or reform_events.reform_focus = :focus)
order by reform_areas.rowid, reform_events.event_date desc, event_findings.event_id,
         case event_findings.kind when 'result' then 1 when 'limitation' then 2 else 3 end, event_findings.seq
limit 1000
