-- indicator_status: the status of every indicator at each of the given dates.
-- Method: docs/methodology.md (implemented here exactly; the Dutch explanation is written in Python from these columns).
-- Parameters: $as_of_dates (date[]): one date for `status`, every quarter end for `status --history`.
--   The runner (regiomonitor/engine/db.py) puts them in the table `as_of_dates` and builds the layers first:
--   staging/ (views: stg_indicators, stg_region_measurements) →
--   intermediate/ (int_latest → int_baseline → int_expected_path → int_expected_value → int_measures),
--   each a file with its own header; this file only decides the status.
-- Output, one row per indicator per date: as_of, indicator, theme, name, unit, direction, frequency, owner,
--   doelen, latest_value, latest_period, latest_end, baseline_value, baseline_period, baseline_end,
--   baseline_from_data, target_value, target_period, target_end, norm_min, norm_max, on_track, moderate,
--   expected_value, realised_share, expected_share, ratio, trend_per_year, trend_threshold, max_age_months, stale,
--   at_target_value, at_target_period (the latest measurement up to the target's last day), target_met_when_due,
--   status_code (a code of regiomonitor/engine/statuses.py, which holds each status's label, rank and meaning), and
--   baseline_assumed, target_assumed: why the encoding assumes the plan's baseline or target (null: cited as is),
--   expected_path: the points of the expected path (x, y, period; baseline first, target last), which the KPI's
--   chart draws as they are (the path is worked out in int_expected_path only).

with

path_points as (
    select
        as_of,
        indicator,
        list(struct_pack(x := x, y := y, period := period) order by x) as expected_path
    from int_expected_path
    group by as_of, indicator
),

final as (
    select
        m.as_of,
        m.id as indicator,
        m.theme,
        m.name,
        m.unit,
        m.direction,
        m.frequency,
        m.owner,
        m.doelen,
        m.latest_value,
        m.latest_period,
        m.latest_end,
        m.b as baseline_value,
        m.b_period as baseline_period,
        m.t0 as baseline_end,
        m.baseline_from_data,
        m.target_value,
        m.target_period,
        m.target_end,
        m.at_target_value,
        m.at_target_period,
        coalesce(m.target_met_when_due, false) as target_met_when_due,
        m.baseline_assumed,
        m.target_assumed,
        m.norm_min,
        m.norm_max,
        m.on_track,
        m.moderate,
        m.expected_value,
        m.realised_share,
        m.expected_share,
        m.ratio,
        m.trend_per_year,
        round(m.s, 9) as trend_threshold,
        m.max_age_months,
        m.stale,
        case
            when m.kind = 'context' then 'context'
            when m.held_to_norm then
                case
                    when m.latest_value is null then 'no_data'
                    when (m.norm_min is null or m.latest_value >= m.norm_min)
                        and (m.norm_max is null or m.latest_value <= m.norm_max) then 'norm_met'
                    else 'norm_not_met'
                end
            when m.b is null or m.latest_end is null or m.latest_end <= m.t0 then 'no_data'
            when m.target_value is not null then
                case
                    when m.target_reached then 'reached'
                    when m.latest_end >= m.target_end then 'missed'
                    when m.ratio is null then
                        case when m.realised_share >= 0 then 'on_track' else 'worsening' end
                    when m.ratio >= m.on_track then 'on_track'
                    when m.ratio >= m.moderate then 'moderate'
                    when m.ratio >= 0 then 'limited'
                    else 'worsening'
                end
            when m.d is null then 'no_direction'
            when round(m.s, 9) = 0 then 'not_assessable'
            when m.trend_per_year >= round(m.s, 9) then 'improving'
            when m.trend_per_year <= -round(m.s, 9) then 'trend_worsening'
            else 'stable'
        end as status_code,
        pp.expected_path
    from int_measures as m
    left join path_points as pp on pp.as_of = m.as_of and pp.indicator = m.id
)

select * from final
order by as_of, theme, indicator
