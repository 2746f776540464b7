//! DingTalk error codes and sub-codes.

/// A top-level `errcode` with its `errmsg`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    pub errcode: i64,
    pub errmsg: &'static str,
}

/// A wrapped error: `errcode` 88 with a string `sub_code` and its `sub_msg`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubCode {
    pub sub_code: &'static str,
    pub sub_msg: &'static str,
}

pub const OK: Code = Code {
    errcode: 0,
    errmsg: "ok",
};
/// The system is busy (internal failures).
pub const SYSTEM_BUSY: Code = Code {
    errcode: -1,
    errmsg: "系统繁忙",
};
/// Unknown API name (`errmsg` and `sub_msg` name it). Checked before the token.
pub const INVALID_METHOD: i64 = 22;
/// A required argument is missing (`errmsg`: `Missing required arguments:NAME`).
pub const MISSING_ARGUMENTS: i64 = 40;
/// An argument has a value the API does not take (`errmsg`: `Invalid arguments:NAME`).
pub const INVALID_ARGUMENTS: i64 = 41;
/// The wrapper of every `sub_code` error.
pub const WRAPPED: i64 = 88;
/// `/gettoken`: bad app key or secret.
pub const BAD_APP_CREDENTIALS: Code = Code {
    errcode: 40096,
    errmsg: "不合法的appKey或appSecret",
};
/// `/gettoken`: neither corpid nor appkey.
pub const MISSING_APP_CREDENTIALS: Code = Code {
    errcode: 40035,
    errmsg: "缺少参数 corpid or appkey",
};

pub const TOKEN_BLANK: SubCode = SubCode {
    sub_code: "40000",
    sub_msg: "access_token is blank",
};
pub const TOKEN_INVALID: SubCode = SubCode {
    sub_code: "40014",
    sub_msg: "不合法的access_token",
};
pub const NO_PERMISSION: SubCode = SubCode {
    sub_code: "60011",
    sub_msg: "没有调用该接口的权限",
};
pub const RATE_LIMITED: SubCode = SubCode {
    sub_code: "90018",
    sub_msg: "当前应用调用该接口次数过多，超出了该接口承受的最大qps",
};
pub const TASK_NOT_FOUND: SubCode = SubCode {
    sub_code: "60121",
    sub_msg: "任务不存在",
};
pub const TASK_EXISTS: SubCode = SubCode {
    sub_code: "60122",
    sub_msg: "任务已存在",
};
