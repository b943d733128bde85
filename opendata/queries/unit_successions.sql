-- title: Đơn vị trước và sau 1/7/2025 / Units before and after 1 July 2025
-- description: Đơn vị cũ nào nhập vào đơn vị mới nào; lọc theo tên hoặc mã (không dấu cũng được). / Which old unit became which new one; filter by name or code (diacritics optional).
select old.code as old_code, old.name as old_name, district.name as old_district, old_province.name as old_province,
       unit_changes.kind, unit_changes."primary", new.code as new_code, new.name as new_name,
       new_province.name as new_province, unit_changes.basis
from unit_changes
join units old on old.id = unit_changes.old_unit_id
left join units district on district.id = old.parent_id and district.level = 'district'
left join units old_province on old_province.id = old.province_id
join units new on new.id = unit_changes.new_unit_id
left join units new_province on new_province.id = new.province_id
where :name = '' or vn_fold(old.name) like '%' || vn_fold(:name) || '%' or vn_fold(new.name) like '%' || vn_fold(:name) || '%'
   or old.code = :name or new.code = :name
order by old.code
limit 500
