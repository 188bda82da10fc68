-- action_status: every werkagenda action with its status as of a date and what the dates say about it.
-- Parameters: $as_of (date).
-- Output (in plan order: themes as plan.yaml lists them, actions as their file does):
--   plan_order, id, theme, title, start, end, start_end, end_end, owner, doelen, reported_status, reported_period,
--   reported_note, reported_source, status_code, late
--   (start_end and end_end are the last days of the start and end periods).
--   reported_status is the latest report up to $as_of (data/actions/, table action_reports), else the plan's own
--   status, else null; reported_period is the quarter of that report (null: the plan's status, or none).
--   status_code (regiomonitor/engine/statuses.py ACTION_STATUSES holds the labels) is 'not_reported' when nothing
--   is reported (never late: nothing is known), 'late' when the action is not 'afgerond' (or 'geschrapt') after
--   its end period, 'start_late' when it is still 'niet gestart' after its start period, else the code of the
--   reported status. An action without a period is never late by the dates.

with

latest_report as (
    select
        action,
        arg_max(status, period_end) as status,
        arg_max(period, period_end) as period,
        arg_max(note, period_end) as note,
        arg_max(source, period_end) as source
    from action_reports
    where period_end <= $as_of::date
    group by action
),

actions_as_of as (
    select
        a.* exclude (status),
        coalesce(r.status, a.status) as status,
        r.period as reported_period,
        r.note as reported_note,
        r.source as reported_source,
        $as_of::date as as_of
    from actions as a
    left join latest_report as r on r.action = a.id
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
        reported_period,
        reported_note,
        reported_source,
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
