//! Feishu error codes: one line per code, with its message and HTTP status.

/// A vendor code as it goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    pub code: i64,
    pub msg: &'static str,
    pub http_status: u16,
}

const fn code(code: i64, msg: &'static str, http_status: u16) -> Code {
    Code {
        code,
        msg,
        http_status,
    }
}

pub const SUCCESS: Code = code(0, "success", 200);

// Platform (auth, gateway).
/// Bad app id or secret on the token endpoints. VENDOR: HTTP 200.
pub const INVALID_PARAM: Code = code(10003, "invalid param", 200);
pub const RATE_LIMITED: Code = code(99991400, "request trigger frequency limit", 429);
pub const MISSING_ACCESS_TOKEN: Code = code(
    99991661,
    "Missing access token for authorization. Please make a request with token attached.",
    400,
);
pub const INVALID_TENANT_ACCESS_TOKEN: Code = code(
    99991663,
    "Invalid access token for authorization. Please make a request with token attached.",
    400,
);
pub const INVALID_USER_ACCESS_TOKEN: Code = code(
    99991668,
    "Invalid access token for authorization. Please make a request with token attached.",
    400,
);
pub const SCOPE_REQUIRED: Code = code(
    99991672,
    "Access denied. One of the following scopes is required",
    400,
);
pub const FIELD_VALIDATION_FAILED: Code = code(99992402, "field validation failed", 400);
/// An internal failure of a service without a documented code of its own (the IM service's).
pub const INTERNAL_ERROR: Code = code(2200, "internal error", 500);

// Performance (绩效).
pub const PERFORMANCE_INTERNAL_ERROR: Code = code(1580101, "internal error", 500);
pub const PERFORMANCE_PARAM_INVALID: Code = code(1580102, "param is invalid", 400);
/// VENDOR: the additional-information delete page lists this code for an unknown semester.
pub const PERFORMANCE_SEMESTER_ID_INVALID: Code = code(1580103, "semester_id is invalid", 400);
pub const PERFORMANCE_SEMESTER_NOT_FOUND: Code = code(1580105, "semester_id is invalid", 400);
pub const PERFORMANCE_REQUEST_REPEATED: Code = code(1580110, "request ID repeat", 400);
pub const PERFORMANCE_INVALID_USER: Code = code(1580111, "invalid user ID", 400);
pub const PERFORMANCE_ITEM_NOT_FOUND: Code = code(1580201, "item ID not found", 400);
pub const PERFORMANCE_EXTERNAL_ID_REPEATED: Code = code(1580202, "external ID repeat", 400);
pub const PERFORMANCE_ITEM_ID_REPEATED: Code = code(1580203, "item ID repeat", 400);
pub const PERFORMANCE_EXTERNAL_ID_TAKEN: Code = code(1580204, "external ID is not unique", 400);
// The metric-detail import's codes, one per rule an imported metric breaks.
pub const PERFORMANCE_METRIC_FIELD_VALUE_INVALID: Code =
    code(1580301, "field value type is invalid", 400);
pub const PERFORMANCE_METRIC_FIELD_VALUE_REQUIRED: Code =
    code(1580302, "required field value is empty", 400);
pub const PERFORMANCE_METRIC_FIELD_VALUE_TOO_LONG: Code =
    code(1580303, "field value is too long", 400);
pub const PERFORMANCE_METRIC_FIELD_NOT_IN_METRIC: Code =
    code(1580305, "field does not belong to the metric", 400);
pub const PERFORMANCE_METRIC_REVIEWEE_NOT_FOUND: Code = code(1580306, "reviewee not found", 400);
pub const PERFORMANCE_METRIC_REPEATED: Code =
    code(1580307, "metric repeated for one reviewee", 400);
pub const PERFORMANCE_METRIC_FIELD_REPEATED: Code =
    code(1580308, "field repeated in one metric", 400);
pub const PERFORMANCE_METRIC_AFTER_DEADLINE: Code =
    code(1580309, "metric data can no longer be imported", 400);
pub const PERFORMANCE_METRIC_FIELD_ADMIN_ONLY: Code = code(
    1580311,
    "field filled in by the admin cannot be overwritten",
    400,
);
pub const PERFORMANCE_METRIC_NOT_FOUND: Code = code(1580312, "reviewee metric not found", 400);
pub const PERFORMANCE_GROUP_NOT_API_WRITABLE: Code =
    code(1580401, "user group not support api import", 400);
pub const PERFORMANCE_GROUP_OVER_LIMIT: Code = code(1580403, "scope over limit", 400);
/// VENDOR: the misspelling is the vendor's.
pub const PERFORMANCE_NOT_LICENSED: Code = code(1580901, "tenant no licnese", 400);

// Report (汇报).
pub const REPORT_TENANT_NOT_EXIST: Code = code(1430001, "tenant key not exist", 400);
pub const REPORT_PAGE_SIZE_INVALID: Code = code(1430002, "page size invalid", 400);
pub const REPORT_RULE_NOT_EXIST: Code = code(1430003, "rule not exist", 400);

// Contact v2 (通讯录).
pub const CONTACT_TASK_NOT_FOUND: Code = code(40020, "task not found", 400);

// Authen (user access tokens). VENDOR: answered with HTTP 200.
pub const AUTHEN_INVALID_REQUEST: Code =
    code(20001, "Invalid request. Please check request param", 200);
pub const AUTHEN_INVALID_CODE: Code = code(
    20003,
    "The code passed is invalid. Please note that the code could only be used once",
    200,
);
pub const AUTHEN_CODE_EXPIRED: Code = code(
    20004,
    "The code passed has expired. Please generate a new one",
    200,
);
pub const AUTHEN_APP_MISMATCH: Code = code(
    20024,
    "App id in user_access_token or refresh_token diff with app id in app_access_token or tenant_access_token. Please keep the app id consistent",
    200,
);
pub const AUTHEN_UNSUPPORTED_GRANT_TYPE: Code =
    code(20036, "The grant_type passed is not supported", 200);
pub const AUTHEN_REFRESH_TOKEN_EXPIRED: Code = code(
    20037,
    "The refresh token passed has expired. Please generate a new one",
    200,
);
pub const AUTHEN_REFRESH_TOKEN_INVALID: Code = code(
    20038,
    "The refresh token passed is invalid. Please check the value",
    200,
);
