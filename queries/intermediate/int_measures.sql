-- int_measures: per date and indicator, every number the status rule compares.
-- Parameters: none; reads int_baseline and int_expected_value.
-- Output: the columns of int_baseline, and expected_value, realised_share, expected_share, ratio (R),
--   trend_per_year (in the good direction), s (the trend threshold, 1% of the baseline unless the plan sets one),
--   stale (the latest measurement is older than max_age_months), target_reached, target_met_when_due (the
--   measurement up to the target's last day met the target: the same comparison, on at_target_value).
-- R = realised share / expected share of the way from baseline to target (docs/methodology.md); rounded to
-- 9 decimals so that a value exactly on a threshold is judged the same on every machine.

with

shares as (
    select
        base.*,
        e.expected_value,
        date_diff('day', base.t0, base.latest_end) / 365.25 as years,
        (base.latest_value - base.b) / nullif(base.target_value - base.b, 0) as realised_share,
        (e.expected_value - base.b) / nullif(base.target_value - base.b, 0) as expected_share,
        coalesce(base.trend_threshold, 0.01 * abs(base.b)) as s
    from int_baseline as base
    left join int_expected_value as e on e.as_of = base.as_of and e.indicator = base.id
),

final as (
    select
        *,
        round(realised_share / nullif(expected_share, 0), 9) as ratio,
        round(d * (latest_value - b) / nullif(years, 0), 9) as trend_per_year,
        coalesce(latest_end + to_months(max_age_months) < as_of, false) as stale,
        (direction = 'higher_is_better' and latest_value >= target_value)
            or (direction = 'lower_is_better' and latest_value <= target_value) as target_reached,
        (direction = 'higher_is_better' and at_target_value >= target_value)
            or (direction = 'lower_is_better' and at_target_value <= target_value) as target_met_when_due
    from shares
)

select * from final
