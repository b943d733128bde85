-- title: Tin theo đơn vị và năm / News by unit and year
-- description: Tin bài của một đơn vị (mã thống kê, thời kỳ bất kỳ) trong một năm. / News of one unit (statistics code, either era) in one year.
select news.id, news.title, news.published_at, units.name as unit, units.era, news.views, news.url
from news join units on units.id = news.unit_id
where news.unit_code = :unit_code and substr(news.published_at, 1, 4) = :year
order by news.published_at desc
