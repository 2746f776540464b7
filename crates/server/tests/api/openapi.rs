//! `GET /_openwork/v1/openapi.json`: public, and every operation it describes is served by a
//! route of its own. (The other direction — every route mounted is described — is checked
//! where the routes are mounted: `admin::openapi`'s unit tests.)

use reqwest::Method;
use serde_json::Value;

use crate::support::TestServer;

const FIXTURE: &str = "version: 1\ntenants:\n  - tenant_key: acme\n";

/// What the router answers when no route serves a method and path.
const NO_ROUTE: &str = "404 page not found";
/// The gateway's "no such API", answered by the catch-all under `/topapi`.
const UNKNOWN_API: i64 = 22;

#[tokio::test]
async fn the_document_is_public_and_every_operation_in_it_is_served() {
    let server = TestServer::start(FIXTURE).await;
    let reply = server
        .call(Method::GET, "/_openwork/v1/openapi.json", None, None)
        .await;
    assert_eq!(reply.status, 200, "no admin token needed: {:?}", reply.body);
    assert_eq!(reply.headers["content-type"], "application/json");
    let paths = reply.body["paths"].as_object().expect("paths");
    assert!(paths.len() > 50, "{} paths", paths.len());

    for (path, item) in paths {
        // Any value for the path parameters: a route answers (most likely refusing the call
        // without a token), where no route the router's plain 404 would.
        let concrete: String = path
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "probe"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for method in item.as_object().expect("a path item").keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect(method);
            let answer = server.call(method.clone(), &concrete, None, None).await;
            assert_ne!(
                answer.body,
                Value::String(NO_ROUTE.into()),
                "{method} {path} is documented but no route serves it"
            );
            if path.starts_with("/topapi/") {
                assert_ne!(
                    answer.body["errcode"], UNKNOWN_API,
                    "{method} {path} is documented but only the catch-all answers it"
                );
            }
        }
    }
}
