-- int_baseline: per date and indicator, the latest measurement and the baseline the status starts from.
-- Parameters: none; reads the table `as_of_dates` (column as_of).
-- Output: as_of, the columns of stg_indicators, latest_value, latest_period, latest_end, and
--   b, b_period, t0: the baseline's value, period and last day;
--   baseline_from_data: true when the plan gives no baseline and the first measurement known at the date serves.

select
    dates.as_of,
    i.*,
    l.latest_value,
    l.latest_period,
    l.latest_end,
    coalesce(i.baseline_value, l.first_value) as b,
    coalesce(i.baseline_period, l.first_period) as b_period,
    coalesce(i.baseline_end, l.first_end) as t0,
    i.baseline_value is null and l.first_value is not null as baseline_from_data
from as_of_dates as dates
cross join stg_indicators as i
left join int_latest as l on l.as_of = dates.as_of and l.indicator = i.id
