-- int_expected_value: per date and indicator, the value the expected path gives at the latest measurement.
-- Parameters: none; reads int_baseline and int_expected_path.
-- Output: as_of, indicator, expected_value (linear between the two path points around the latest measurement;
--   no row when the latest measurement lies outside the path).

with

segments as (
    select
        as_of,
        indicator,
        x as x0,
        y as y0,
        lead(x) over (partition by as_of, indicator order by x) as x1,
        lead(y) over (partition by as_of, indicator order by x) as y1
    from int_expected_path
),

final as (
    select
        base.as_of,
        base.id as indicator,
        s.y0 + (s.y1 - s.y0) * date_diff('day', s.x0, base.latest_end) / date_diff('day', s.x0, s.x1)
            as expected_value
    from int_baseline as base
    join segments as s on s.as_of = base.as_of and s.indicator = base.id
    where s.x1 is not null and base.latest_end >= s.x0 and base.latest_end < s.x1
)

select * from final
