-- action_status: every werkagenda action with its reported status and what the dates say about it.
-- Parameters: $as_of (date).
-- Output (in plan order: themes as plan.yaml lists them, actions as their file does):
--   plan_order, id, theme, title, start, end, start_end, end_end, owner, doelen, reported_status, status_code, late
--   (start_end and end_end are the last days of the start and end periods).
--   status_code (regiomonitor/engine/statuses.py ACTION_STATUSES holds the labels) is 'not_reported' when the plan
--   reports no status (never late: nothing is known), 'late' when the action is not 'afgerond' (or 'geschrapt')
--   after its end period, 'start_late' when it is still 'niet gestart' after its start period, else the code of
--   the reported status. An action without a period is never late by the dates.

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
            when status is null then 'not_reported'
            when status not in ('afgerond', 'geschrapt') and as_of > end_end then 'late'
            when status = 'niet gestart' and as_of > start_end then 'start_late'
            when status = 'niet gestart' then 'not_started'
            when status = 'loopt' then 'running'
            when status = 'afgerond' then 'done'
            when status = 'gepauzeerd' then 'paused'
            else 'dropped'
        end as status_code,
        coalesce((status not in ('afgerond', 'geschrapt') and as_of > end_end)
            or (status = 'niet gestart' and as_of > start_end), false) as late
    from actions_as_of
)

select * from final
order by plan_order
