-- stg_region_measurements: the measurements that count for a status.
-- Parameters: none (a view over the table `measurements`).
-- Output: indicator, period, period_end, value.
-- Only region-level measurements (empty area) count; a measurement counts from the last day of its period
-- (period_end). Area rows stay in `measurements` for the charts and the data-quality page.

select
    indicator,
    period,
    period_end,
    value
from measurements
where area is null
