-- int_baseline: per date and indicator, the latest measurement and the baseline the status starts from.
-- Parameters: none; reads the table `as_of_dates` (column as_of).
-- Output: as_of, the columns of stg_indicators, latest_value, latest_period, latest_end, and
--   b, b_period, t0: the baseline's value, period and last day;
--   baseline_from_data: true when the plan gives no baseline and the first measurement known at the date serves;
--   at_target_value, at_target_period: the latest measurement up to the target's last day, known at the date
--   (null without a target): what the KPI stood at when the target fell due, so that a target met in time and
--   lost later is told apart from one never met.

with

at_target as (
    select
        dates.as_of,
        i.id as indicator,
        arg_max(m.value, m.period_end) as at_target_value,
        arg_max(m.period, m.period_end) as at_target_period
    from as_of_dates as dates
    join stg_indicators as i on i.target_end is not null
    join stg_region_measurements as m
        on m.indicator = i.id and m.period_end <= least(dates.as_of, i.target_end)
    group by dates.as_of, i.id
),

final as (
    select
        dates.as_of,
        i.*,
        l.latest_value,
        l.latest_period,
        l.latest_end,
        coalesce(i.baseline_value, l.first_value) as b,
        coalesce(i.baseline_period, l.first_period) as b_period,
        coalesce(i.baseline_end, l.first_end) as t0,
        i.baseline_value is null and l.first_value is not null as baseline_from_data,
        a.at_target_value,
        a.at_target_period
    from as_of_dates as dates
    cross join stg_indicators as i
    left join int_latest as l on l.as_of = dates.as_of and l.indicator = i.id
    left join at_target as a on a.as_of = dates.as_of and a.indicator = i.id
)

select * from final
