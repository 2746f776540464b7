"""lark-oapi's long connection (`lark.ws.Client`) as compat/python/event_checks.py drives it.

Run as `ws_listener.py BASE APP_ID APP_SECRET`: connects with the app's credentials and `domain`
pointed at openwork, and prints every event its handlers receive as one JSON line on stdout,
flushed at once, until it is killed. It runs in a process of its own because the SDK keeps a
module-level asyncio loop and `start()` never returns.

What a line holds is read through the SDK's typed models (attribute access), so that a field
openwork sent in the wrong shape fails here, as it would in an application. event_checks.py
imports the same readers for its webhook handlers.
"""

import json
import sys
import traceback

import lark_oapi as lark


def header_seen(header):
    return {
        "event_id": header.event_id,
        "event_type": header.event_type,
        "create_time": header.create_time,
        "token": header.token,
        "app_id": header.app_id,
        "tenant_key": header.tenant_key,
    }


def user_seen(data):
    """A `contact.user.created_v3` as the application sees it (P2ContactUserCreatedV3)."""
    user = data.event.object
    return {
        **header_seen(data.header),
        "open_id": user.open_id,
        "union_id": user.union_id,
        "user_id": user.user_id,
        "name": user.name,
        "mobile": user.mobile,
        "email": user.email,
        "department_ids": user.department_ids,
        "is_activated": user.status.is_activated if user.status is not None else None,
    }


def department_seen(data):
    """A `contact.department.created_v3` as the application sees it."""
    department = data.event.object
    return {
        **header_seen(data.header),
        "name": department.name,
        "department_id": department.department_id,
        "open_department_id": department.open_department_id,
        "parent_department_id": department.parent_department_id,
        "is_deleted": department.status.is_deleted if department.status is not None else None,
    }


def performance_item_seen(item):
    """What every performance event's item holds: its model class, the user in each ID form (read
    through the `UserId` model), the semester and the activity."""
    return {
        "model": type(item).__name__,
        "user_id_model": type(item.user_id).__name__,
        "open_id": item.user_id.open_id,
        "union_id": item.user_id.union_id,
        "user_id": item.user_id.user_id,
        "semester_id": item.semester_id,
        "activity_id": item.activity_id,
    }


def review_data_seen(data):
    """A `performance.review_data.changed_v2`, each item read through its model classes."""
    return {
        **header_seen(data.header),
        "items": [
            {
                **performance_item_seen(item),
                "stage_changes": [
                    {"model": type(change).__name__, "stage_id": change.stage_id,
                     "stage_type": change.stage_type, "review_stage_role": change.review_stage_role}
                    for change in item.stage_changes or []
                ],
            }
            for item in data.event.items or []
        ],
    }


def open_result_seen(data):
    """A `performance.stage_task.open_result_v2`, each item read through its model classes."""
    return {
        **header_seen(data.header),
        "items": [{**performance_item_seen(item), "open_time": item.open_time} for item in data.event.items or []],
    }


def printer(reader):
    def handle(data):
        try:
            line = reader(data)
        except Exception as err:  # the checks see what the model could not read
            line = {"error": f"{type(err).__name__}: {err}", "trace": traceback.format_exc(limit=3)}
        print(json.dumps(line, ensure_ascii=False), flush=True)
    return handle


def main():
    base, app_id, app_secret = sys.argv[1:4]
    # No token or key: the long connection carries events in plain text, unchecked by the SDK.
    handler = (lark.EventDispatcherHandler.builder("", "")
               .register_p2_contact_user_created_v3(printer(user_seen))
               .register_p2_contact_department_created_v3(printer(department_seen))
               .register_p2_performance_review_data_changed_v2(printer(review_data_seen))
               .register_p2_performance_stage_task_open_result_v2(printer(open_result_seen))
               .build())
    client = lark.ws.Client(app_id, app_secret, event_handler=handler, domain=base,
                            log_level=lark.LogLevel.ERROR)
    client.start()


if __name__ == "__main__":
    main()
