-- action_status: every werkagenda action with its reported status and what the dates say about it.
-- Parameters: $as_of (date).
-- Output (in plan order: themes as plan.yaml lists them, actions as their file does):
--   plan_order, id, theme, title, start, end, start_end, end_end, owner, doelen, reported_status, status, late
--   (start_end and end_end are the last days of the start and end periods).
--   status is 'Vertraagd' when the action is not 'afgerond' (or 'geschrapt') after its end period,
--   'Start vertraagd' when it is still 'niet gestart' after its start period, else the reported status.

with

actions_as_of as (
    select
        a.*,
        $as_of::date as as_of
    from actions as a
),

final as (
    select
        plan_order,
        id,
        theme,
        title,
        "start",
        "end",
        start_end,
        end_end,
        owner,
        doelen,
        status as reported_status,
        case
            when status not in ('afgerond', 'geschrapt') and as_of > end_end then 'Vertraagd'
            when status = 'niet gestart' and as_of > start_end then 'Start vertraagd'
            when status = 'niet gestart' then 'Niet gestart'
            when status = 'loopt' then 'Loopt'
            when status = 'afgerond' then 'Afgerond'
            when status = 'gepauzeerd' then 'Gepauzeerd'
            else 'Geschrapt'
        end as status,
        (status not in ('afgerond', 'geschrapt') and as_of > end_end)
            or (status = 'niet gestart' and as_of > start_end) as late
    from actions_as_of
)

select * from final
order by plan_order
