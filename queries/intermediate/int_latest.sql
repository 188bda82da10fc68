-- int_latest: per date and indicator, the latest and the first measurement known at that date.
-- Parameters: none; reads the table `as_of_dates` (column as_of), which the caller creates for its own run.
-- Output: as_of, indicator, latest_value, latest_period, latest_end, first_value, first_period, first_end.

with

known as (
    select
        dates.as_of,
        m.*
    from as_of_dates as dates
    join stg_region_measurements as m on m.period_end <= dates.as_of
),

final as (
    select
        as_of,
        indicator,
        arg_max(value, period_end) as latest_value,
        arg_max(period, period_end) as latest_period,
        max(period_end) as latest_end,
        arg_min(value, period_end) as first_value,
        arg_min(period, period_end) as first_period,
        min(period_end) as first_end
    from known
    group by as_of, indicator
)

select * from final
