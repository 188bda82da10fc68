-- int_expected_path: the points of each indicator's expected path at each date, one row per point.
-- Parameters: none; reads int_baseline.
-- Output: as_of, indicator, x (date), y (value), period.
-- The path runs from the baseline through the interim targets to the target; only indicators with a baseline
-- and a target have one. The KPI chart draws exactly these points (indicator_status returns them as a list).

select
    as_of,
    id as indicator,
    t0 as x,
    b as y,
    b_period as period
from int_baseline
where b is not null and target_value is not null

union all

select
    base.as_of,
    p.indicator,
    p.period_end as x,
    p.value as y,
    p.period
from int_baseline as base
join target_points as p on p.indicator = base.id
where base.b is not null and p.period_end > base.t0
