-- indicator_status: the status of every indicator at each of the given dates.
-- Method: docs/methodology.md (implemented here exactly; the Dutch explanation is written in Python from these columns).
-- Parameters: $as_of_dates (date[]): one date for `status`, every quarter end for `status --history`.
-- Output, one row per indicator per date: as_of, indicator, theme, name, unit, direction, frequency, owner,
--   latest_value, latest_period, latest_end, baseline_value, baseline_period, baseline_end, baseline_from_data,
--   target_value, target_period, target_end, norm_min, norm_max, on_track, moderate, expected_value,
--   realised_share, expected_share, ratio, trend_per_year, trend_threshold, max_age_months, stale, status_code
--   (a code of regiomonitor/engine/statuses.py, which holds each status's label, rank and meaning), and
--   expected_path: the points of the expected path (x, y, period; baseline first, target last), which the KPI's
--   chart draws as they are (the path is worked out here only).
-- Only region-level measurements (empty area) count; a measurement counts from the last day of its period.

with

dates as (
    select unnest($as_of_dates::date[]) as as_of
),

region_measurements as (
    select indicator, period, period_end, value
    from measurements
    where area is null
),

known as (
    select dates.as_of, m.*
    from dates
    join region_measurements as m on m.period_end <= dates.as_of
),

latest as (
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
),

-- Where the plan gives no baseline, the first measurement known at the date serves as the baseline.
base as (
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
    from dates
    cross join indicators as i
    left join latest as l on l.as_of = dates.as_of and l.indicator = i.id
),

-- The expected path runs from the baseline through the interim targets to the target.
path as (
    select as_of, id as indicator, t0 as x, b as y, b_period as period
    from base
    where b is not null and target_value is not null
    union all
    select base.as_of, p.indicator, p.period_end, p.value, p.period
    from base
    join target_points as p on p.indicator = base.id
    where base.b is not null and p.period_end > base.t0
),

segments as (
    select
        as_of,
        indicator,
        x as x0,
        y as y0,
        lead(x) over (partition by as_of, indicator order by x) as x1,
        lead(y) over (partition by as_of, indicator order by x) as y1
    from path
),

path_points as (
    select as_of, indicator, list(struct_pack(x := x, y := y, period := period) order by x) as expected_path
    from path
    group by as_of, indicator
),

expected as (
    select
        base.as_of,
        base.id as indicator,
        s.y0 + (s.y1 - s.y0) * date_diff('day', s.x0, base.latest_end) / date_diff('day', s.x0, s.x1)
            as expected_value
    from base
    join segments as s on s.as_of = base.as_of and s.indicator = base.id
    where s.x1 is not null and base.latest_end >= s.x0 and base.latest_end < s.x1
),

measures as (
    select
        base.*,
        e.expected_value,
        case base.direction when 'higher_is_better' then 1 when 'lower_is_better' then -1 end as d,
        date_diff('day', base.t0, base.latest_end) / 365.25 as years,
        (base.latest_value - base.b) / nullif(base.target_value - base.b, 0) as realised_share,
        (e.expected_value - base.b) / nullif(base.target_value - base.b, 0) as expected_share,
        coalesce(base.trend_threshold, 0.01 * abs(base.b)) as s
    from base
    left join expected as e on e.as_of = base.as_of and e.indicator = base.id
),

assessed as (
    select
        *,
        round(realised_share / nullif(expected_share, 0), 9) as ratio,
        round(d * (latest_value - b) / nullif(years, 0), 9) as trend_per_year,
        coalesce(latest_end + to_months(max_age_months) < as_of, false) as stale,
        direction = 'within_norm' or (target_value is null and (norm_min is not null or norm_max is not null))
            as held_to_norm,
        (direction = 'higher_is_better' and latest_value >= target_value)
            or (direction = 'lower_is_better' and latest_value <= target_value) as target_reached
    from measures
),

doelen as (
    select indicator, list(theme || '/' || doel order by theme, doel) as doelen
    from indicator_doelen
    group by indicator
),

final as (
    select
        a.as_of,
        a.id as indicator,
        a.theme,
        a.name,
        a.unit,
        a.direction,
        a.frequency,
        a.owner,
        coalesce(doelen.doelen, []::varchar[]) as doelen,
        a.latest_value,
        a.latest_period,
        a.latest_end,
        a.b as baseline_value,
        a.b_period as baseline_period,
        a.t0 as baseline_end,
        a.baseline_from_data,
        a.target_value,
        a.target_period,
        a.target_end,
        a.norm_min,
        a.norm_max,
        a.on_track,
        a.moderate,
        a.expected_value,
        a.realised_share,
        a.expected_share,
        a.ratio,
        a.trend_per_year,
        round(a.s, 9) as trend_threshold,
        a.max_age_months,
        a.stale,
        case
            when a.held_to_norm then
                case
                    when a.latest_value is null then 'no_data'
                    when (a.norm_min is null or a.latest_value >= a.norm_min)
                        and (a.norm_max is null or a.latest_value <= a.norm_max) then 'norm_met'
                    else 'norm_not_met'
                end
            when a.b is null or a.latest_end is null or a.latest_end <= a.t0 then 'no_data'
            when a.target_value is not null then
                case
                    when a.target_reached then 'reached'
                    when a.latest_end >= a.target_end then 'missed'
                    when a.ratio is null then
                        case when a.realised_share >= 0 then 'on_track' else 'worsening' end
                    when a.ratio >= a.on_track then 'on_track'
                    when a.ratio >= a.moderate then 'moderate'
                    when a.ratio >= 0 then 'limited'
                    else 'worsening'
                end
            when round(a.s, 9) = 0 then 'not_assessable'
            when a.trend_per_year >= round(a.s, 9) then 'improving'
            when a.trend_per_year <= -round(a.s, 9) then 'trend_worsening'
            else 'stable'
        end as status_code,
        pp.expected_path
    from assessed as a
    left join doelen on doelen.indicator = a.id
    left join path_points as pp on pp.as_of = a.as_of and pp.indicator = a.id
)

select * from final
order by as_of, theme, indicator
