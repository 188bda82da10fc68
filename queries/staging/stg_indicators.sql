-- stg_indicators: every indicator of the plan with how it is judged and the doelen it measures.
-- Parameters: none (a view over the tables `indicators` and `indicator_doelen`).
-- Output: the columns of `indicators`, and
--   d: +1 when higher is better, -1 when lower is better, null otherwise;
--   held_to_norm: judged against its norm (direction within_norm, or a norm and no target);
--   doelen: the 'theme/doel' keys of the doelen it measures (empty when none).

with

doelen as (
    select
        indicator,
        list(theme || '/' || doel order by theme, doel) as doelen
    from indicator_doelen
    group by indicator
),

final as (
    select
        i.*,
        case i.direction when 'higher_is_better' then 1 when 'lower_is_better' then -1 end as d,
        i.direction = 'within_norm' or (i.target_value is null and (i.norm_min is not null or i.norm_max is not null))
            as held_to_norm,
        coalesce(doelen.doelen, []::varchar[]) as doelen
    from indicators as i
    left join doelen on doelen.indicator = i.id
)

select * from final
